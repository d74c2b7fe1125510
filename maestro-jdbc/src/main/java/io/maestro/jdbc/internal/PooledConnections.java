package io.maestro.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** PostgreSQL connections from a pool (HikariCP, or a {@link DataSource} the user supplies). */
public final class PooledConnections implements ConnectionSource {

    private final DataSource dataSource;
    private final boolean owned;

    /** @param owned whether closing the store closes the pool */
    public PooledConnections(DataSource dataSource, boolean owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    @Override
    public Connection writer() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public Connection reader() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void release(Connection c, boolean broken) {
        if (c == null) {
            return;
        }
        if (broken && dataSource instanceof HikariDataSource hikari) {
            hikari.evictConnection(c);
            return;
        }
        try {
            // The writer committed or rolled back already; a pool that does not reset this would
            // hand readers a connection that leaves transactions open.
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // The pool validates connections it hands out again.
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // Returned to the pool, or already gone.
        }
    }

    @Override
    public void close() {
        if (owned && dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
    }
}
