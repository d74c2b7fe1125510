package io.maestro.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite: times are INTEGER microseconds since the epoch (UTC), measured by the store's clock —
 * the local clock, which every process sharing the file on this machine shares too. Write
 * transactions begin IMMEDIATE, so the write lock is taken up front rather than upgraded
 * half-way (which is where SQLITE_BUSY deadlocks come from).
 */
public final class SqliteDialect extends Dialect {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final Clock clock;

    public SqliteDialect(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public List<List<String>> migrations() {
        return List.of(List.of(
                "CREATE TABLE executions ("
                        + " id TEXT PRIMARY KEY,"
                        + " workflow TEXT,"
                        + " version TEXT,"
                        + " created_at INTEGER NOT NULL,"
                        + " owner TEXT,"
                        + " epoch INTEGER NOT NULL,"
                        + " lease_until INTEGER NOT NULL,"
                        + " recoveries INTEGER NOT NULL DEFAULT 0,"
                        + " status TEXT NOT NULL CHECK (status IN ('RUNNING', 'ENDED', 'PARKED')),"
                        + " last_seq INTEGER NOT NULL)",
                "CREATE INDEX executions_recoverable ON executions (lease_until) WHERE status = 'RUNNING'",
                "CREATE INDEX executions_unfinished ON executions (created_at) WHERE status <> 'ENDED'",
                "CREATE TABLE journal ("
                        + " execution_id TEXT NOT NULL,"
                        + " seq INTEGER NOT NULL,"
                        + " type TEXT NOT NULL,"
                        + " step_id TEXT,"
                        + " attempt INTEGER NOT NULL,"
                        + " at INTEGER NOT NULL,"
                        + " data TEXT,"
                        + " PRIMARY KEY (execution_id, seq)) WITHOUT ROWID"),
                // 2: purging walks ended executions by the time they ended.
                List.of("CREATE INDEX journal_ended ON journal (at) WHERE type = 'EXECUTION_ENDED'"));
    }

    @Override
    public void lockSchema(Connection c) {
        // BEGIN IMMEDIATE already holds the database's write lock.
    }

    @Override
    public void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    @Override
    public void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        if (c.isClosed()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // "cannot rollback - no transaction is active": the failure ended it already.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                throw e;
            }
        }
    }

    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                int primary = s.getErrorCode() & 0xff;
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return true;
                }
                String m = s.getMessage();
                if (m != null && (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED"))) {
                    return true;
                }
            }
        }
        return isBroken(e);
    }

    @Override
    public boolean isBroken(SQLException e) {
        String m = e.getMessage();
        return m != null && (m.contains("database connection closed") || m.contains("connection closed")
                || m.contains("SQLITE_IOERR"));
    }

    @Override
    public List<ClaimedRow> claimRecoverable(Tx tx, String owner, Duration ttl, int limit) throws SQLException {
        // The write lock (BEGIN IMMEDIATE) keeps every other writer out, so select-then-update is safe.
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = tx.bind("SELECT id FROM executions WHERE status = 'RUNNING' AND lease_until <= :now"
                + " ORDER BY created_at, rowid LIMIT ?").now().integer(limit).query()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        List<ClaimedRow> claimed = new ArrayList<>(ids.size());
        for (String id : ids) {
            tx.bind(Statements.CLAIM_BY_ID).text(owner).lease(ttl).text(id).update();
            try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(id).query()) {
                rs.next();
                claimed.add(new ClaimedRow(id, rs.getLong(1), rs.getInt(2)));
            }
        }
        return claimed;
    }

    @Override
    public String unfinishedSql() {
        // rowid breaks ties in insertion order (a fake clock gives many executions one created_at).
        return "SELECT id FROM executions WHERE status <> 'ENDED' ORDER BY created_at, rowid";
    }

    @Override
    Instant statementTime() {
        return clock.instant();
    }

    @Override
    String nowSql() {
        return "?";
    }

    @Override
    String leaseSql() {
        return "?";
    }

    @Override
    String pastSql() {
        return "0";
    }

    @Override
    int bindNow(PreparedStatement ps, int index, Instant now) throws SQLException {
        ps.setLong(index, micros(now));
        return index + 1;
    }

    @Override
    int bindLease(PreparedStatement ps, int index, Instant now, Duration ttl) throws SQLException {
        long until;
        try {
            until = Math.addExact(micros(now), micros(ttl));
        } catch (ArithmeticException e) {
            until = Long.MAX_VALUE;
        }
        ps.setLong(index, until);
        return index + 1;
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setLong(index, micros(t));
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        return fromMicros(rs.getLong(index));
    }
}
