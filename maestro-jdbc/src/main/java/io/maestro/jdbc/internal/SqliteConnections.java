package io.maestro.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SQLite connections: exactly one writer (SQLite has one write lock per file, and two writer
 * connections of one process only fight over it), and a few readers, which WAL lets read while
 * the writer writes. The writer runs in autocommit mode and begins its transactions itself
 * ({@code BEGIN IMMEDIATE}): the driver's own transaction mode would reopen a transaction right
 * after each commit and so hold the lock between groups.
 */
public final class SqliteConnections implements ConnectionSource {

    private final String url;
    private final Duration busyTimeout;
    private final BlockingQueue<Connection> idleReaders;
    private final List<Connection> allReaders = new ArrayList<>();
    private final int maxReaders;
    private Connection writer;
    private boolean closed;

    public SqliteConnections(Path file, Duration busyTimeout, int readers) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.busyTimeout = busyTimeout;
        this.maxReaders = readers;
        this.idleReaders = new ArrayBlockingQueue<>(readers);
    }

    @Override
    public synchronized Connection writer() throws SQLException {
        if (closed) {
            throw new SQLException("store closed");
        }
        if (writer == null || writer.isClosed()) {
            writer = open(false);
        }
        return writer;
    }

    @Override
    public Connection reader() throws SQLException {
        Connection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (closed) {
                throw new SQLException("store closed");
            }
            if (allReaders.size() < maxReaders) {
                c = open(true);
                allReaders.add(c);
                return c;
            }
        }
        try {
            return idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a reader connection", e);
        }
    }

    @Override
    public void release(Connection c, boolean broken) {
        if (c == null) {
            return;
        }
        synchronized (this) {
            if (c == writer) {
                if (broken) {
                    closeQuietly(c);
                    writer = null;
                }
                return;
            }
            if (broken || closed) {
                closeQuietly(c);
                allReaders.remove(c);
                return;
            }
        }
        idleReaders.offer(c);
    }

    private Connection open(boolean readOnly) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + Math.max(0, busyTimeout.toMillis()));
            if (!readOnly) {
                s.execute("PRAGMA journal_mode = WAL");
            }
            // FULL: each commit syncs the WAL, so a committed group survives power loss, not just a crash.
            s.execute("PRAGMA synchronous = FULL");
            if (readOnly) {
                s.execute("PRAGMA query_only = 1");
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(writer);
        writer = null;
        allReaders.forEach(SqliteConnections::closeQuietly);
        allReaders.clear();
        idleReaders.clear();
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
        }
    }
}
