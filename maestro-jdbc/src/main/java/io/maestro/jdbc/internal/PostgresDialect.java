package io.maestro.jdbc.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * PostgreSQL: leases are measured by the database's clock ({@code clock_timestamp()}), so
 * instances whose clocks disagree still agree on who owns what. Several instances claim work
 * with {@code FOR UPDATE SKIP LOCKED}; schema migration is serialized with an advisory lock.
 */
public final class PostgresDialect extends Dialect {

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public List<List<String>> migrations() {
        return List.of(List.of(
                // Most updates touch last_seq only (not indexed): room on the page keeps them HOT.
                "CREATE TABLE executions ("
                        + " id text PRIMARY KEY,"
                        + " workflow text,"
                        + " version text,"
                        + " created_at timestamptz NOT NULL,"
                        + " owner text,"
                        + " epoch bigint NOT NULL,"
                        + " lease_until timestamptz NOT NULL,"
                        + " recoveries integer NOT NULL DEFAULT 0,"
                        + " status text NOT NULL CHECK (status IN ('RUNNING', 'ENDED', 'PARKED')),"
                        + " last_seq bigint NOT NULL"
                        + ") WITH (fillfactor = 80)",
                "CREATE INDEX executions_recoverable ON executions (lease_until) WHERE status = 'RUNNING'",
                "CREATE INDEX executions_unfinished ON executions (created_at) WHERE status <> 'ENDED'",
                "CREATE TABLE journal ("
                        + " execution_id text NOT NULL,"
                        + " seq bigint NOT NULL,"
                        + " type text NOT NULL,"
                        + " step_id text,"
                        + " attempt integer NOT NULL,"
                        + " at timestamptz NOT NULL,"
                        + " data text,"
                        + " PRIMARY KEY (execution_id, seq))"),
                // 2: purging walks ended executions by the time they ended.
                List.of("CREATE INDEX journal_ended ON journal (at) WHERE type = 'EXECUTION_ENDED'"));
    }

    @Override
    public boolean combinesStatements() {
        return true;
    }

    @Override
    public void lockSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(hashtext('maestro-jdbc schema ' || current_schema()))");
        }
    }

    @Override
    public void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    @Override
    public void commit(Connection c) throws SQLException {
        c.commit();
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        if (!c.isClosed() && !c.getAutoCommit()) {
            c.rollback();
        }
    }

    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t : causes(e)) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") // connection exception
                        || state.startsWith("57P") // terminated by an administrator, crash shutdown, cannot connect now
                        || state.equals("40001") // serialization failure
                        || state.equals("40P01") // deadlock detected
                        || state.startsWith("53")) { // insufficient resources, too many connections
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean isBroken(SQLException e) {
        for (Throwable t : causes(e)) {
            if (t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The exception, its causes, and the "next" exceptions a batch failure chains the real error through. */
    private static List<Throwable> causes(SQLException e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && all.size() < 20 && !all.contains(t); t = t.getCause()) {
            all.add(t);
            if (t instanceof SQLException s && s.getNextException() != null && !all.contains(s.getNextException())) {
                all.add(s.getNextException());
            }
        }
        return all;
    }

    @Override
    public List<ClaimedRow> claimRecoverable(Tx tx, String owner, Duration ttl, int limit) throws SQLException {
        List<ClaimedRow> claimed = new ArrayList<>();
        List<Instant> created = new ArrayList<>();
        try (ResultSet rs = tx.bind("WITH c AS (SELECT id FROM executions WHERE status = 'RUNNING' AND lease_until <= :now"
                        + " ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " UPDATE executions e SET owner = ?, epoch = e.epoch + 1, recoveries = e.recoveries + 1, lease_until = :lease"
                        + " FROM c WHERE e.id = c.id RETURNING e.id, e.epoch, e.recoveries, e.created_at")
                .integer(limit).text(owner).lease(ttl).query()) {
            while (rs.next()) {
                claimed.add(new ClaimedRow(rs.getString(1), rs.getLong(2), rs.getInt(3)));
                created.add(getInstant(rs, 4));
            }
        }
        // RETURNING keeps no order: oldest first, as the contract says.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, Instant>comparing(created::get).thenComparing(i -> claimed.get(i).id()));
        List<ClaimedRow> sorted = new ArrayList<>(claimed.size());
        order.forEach(i -> sorted.add(claimed.get(i)));
        return sorted;
    }

    @Override
    public String unfinishedSql() {
        return "SELECT id FROM executions WHERE status <> 'ENDED' ORDER BY created_at, id";
    }

    @Override
    Instant statementTime() {
        return null;
    }

    @Override
    String nowSql() {
        return "clock_timestamp()";
    }

    @Override
    String leaseSql() {
        return "(clock_timestamp() + ? * interval '1 microsecond')";
    }

    @Override
    String pastSql() {
        return "'-infinity'::timestamptz";
    }

    @Override
    int bindNow(PreparedStatement ps, int index, Instant now) {
        return index;
    }

    @Override
    int bindLease(PreparedStatement ps, int index, Instant now, Duration ttl) throws SQLException {
        ps.setLong(index, micros(ttl));
        return index + 1;
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
