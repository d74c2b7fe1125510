package io.maestro.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What differs between SQLite and PostgreSQL: DDL, how transactions begin, whose clock leases
 * are measured by, which errors are worth retrying, and how recoverable executions are claimed.
 *
 * <p>Statements are written once with three placeholders that each dialect expands:
 * {@code :now} (the lease clock's current time), {@code :lease} (now plus a time-to-live) and
 * {@code :past} (a time before any lease). On PostgreSQL they are the database clock
 * ({@code clock_timestamp()}); on SQLite they are parameters bound from the store's clock.
 */
public abstract class Dialect {

    private final Map<String, String> expanded = new ConcurrentHashMap<>();

    /** "SQLite" or "PostgreSQL", for messages. */
    public abstract String name();

    /** The schema's migrations: element {@code i} brings the schema to version {@code i + 1}. */
    public abstract List<List<String>> migrations();

    /** Serializes schema migration between instances (called inside the migration transaction). */
    public abstract void lockSchema(Connection c) throws SQLException;

    public abstract void begin(Connection c) throws SQLException;

    public abstract void commit(Connection c) throws SQLException;

    public abstract void rollback(Connection c) throws SQLException;

    /**
     * Whether an operation's statements can be one (a data-modifying WITH), and those of a group
     * one batch: one round trip on a networked database.
     */
    public boolean combinesStatements() {
        return false;
    }

    /** A failure that another attempt, perhaps on another connection, may not meet. */
    public abstract boolean isTransient(SQLException e);

    /** The connection is unusable after this failure and must be discarded. */
    public abstract boolean isBroken(SQLException e);

    /**
     * Takes over up to {@code limit} recoverable executions, oldest first, skipping rows another
     * transaction holds; called inside a write transaction.
     */
    public abstract List<ClaimedRow> claimRecoverable(Tx tx, String owner, Duration ttl, int limit) throws SQLException;

    /** Ids of executions that have not ended, oldest first. */
    public abstract String unfinishedSql();

    /** A row a claim took over. */
    public record ClaimedRow(String id, long epoch, int recoveries) {
    }

    /** The time {@code :now} and {@code :lease} bind in one statement; null where the database measures it. */
    abstract Instant statementTime();

    abstract String nowSql();

    abstract String leaseSql();

    abstract String pastSql();

    /** Binds {@code :now} at {@code index}; returns the next free index. */
    abstract int bindNow(PreparedStatement ps, int index, Instant now) throws SQLException;

    /** Binds {@code :lease} at {@code index}; returns the next free index. */
    abstract int bindLease(PreparedStatement ps, int index, Instant now, Duration ttl) throws SQLException;

    public abstract void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException;

    public abstract Instant getInstant(ResultSet rs, int index) throws SQLException;

    /** The statement text with the placeholders expanded. */
    public final String sql(String template) {
        return expanded.computeIfAbsent(template,
                t -> t.replace(":now", nowSql()).replace(":lease", leaseSql()).replace(":past", pastSql()));
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Longer leases are cut to this: "forever" for an execution, and within every column type. */
    private static final Duration LONGEST_LEASE = Duration.ofDays(36_500);

    static long micros(Duration d) {
        Duration bounded = d.compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE : d;
        return bounded.getSeconds() * 1_000_000L + bounded.getNano() / 1_000;
    }
}
