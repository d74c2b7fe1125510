package io.maestro.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a store's connections come from: connections for the writer threads, and readers for queries. */
public interface ConnectionSource extends AutoCloseable {

    /** A connection for one write transaction; give it back with {@link #release}. */
    Connection writer() throws SQLException;

    /** A connection for one query (autocommit); give it back with {@link #release}. */
    Connection reader() throws SQLException;

    /** Gives a connection back; {@code broken} ones are closed and replaced later. */
    void release(Connection c, boolean broken);

    @Override
    void close();
}
