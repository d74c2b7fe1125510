package io.maestro.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One write transaction of a group: its connection, its prepared statements (reused within the
 * group), and the journal rows to insert, which go to the database in one batch before commit.
 */
public final class Tx implements AutoCloseable {

    private static final String INSERT_JOURNAL =
            "INSERT INTO journal (execution_id, seq, type, step_id, attempt, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_JOURNAL_RANGE =
            "SELECT seq, type, step_id, attempt, at, data FROM journal WHERE execution_id = ? AND seq >= ? AND seq <= ? ORDER BY seq";

    private final Connection connection;
    private final Dialect dialect;
    private final boolean replay;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final List<EncodedEntry> pendingRows = new ArrayList<>();
    private int journalRows;

    Tx(Connection connection, Dialect dialect, boolean replay) {
        this.connection = connection;
        this.dialect = dialect;
        this.replay = replay;
    }

    /**
     * True when an earlier attempt of this group reached commit and failed there: that commit
     * may have landed, so each operation must recognise its own earlier write.
     */
    public boolean replay() {
        return replay;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A statement of {@code template} (placeholders expanded), parameters bound in order. */
    public Binder bind(String template) throws SQLException {
        String sql = dialect.sql(template);
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return new Binder(ps, dialect, dialect.statementTime());
    }

    /** Runs the statements added with {@link Binder#addBatch()} to {@code template}, in one round trip. */
    public int[] executeBatch(String template) throws SQLException {
        return statements.get(dialect.sql(template)).executeBatch();
    }

    /** Counts journal rows inserted by statements of their own (not through {@link #insertJournal}). */
    void countJournalRows(int rows) {
        journalRows += rows;
    }

    /** Queues journal rows; they are inserted before commit (or before the journal is next read). */
    public void insertJournal(List<EncodedEntry> rows) {
        pendingRows.addAll(rows);
    }

    /** How many journal rows this transaction inserted. */
    int journalRows() {
        return journalRows;
    }

    void flushJournal() throws SQLException {
        if (pendingRows.isEmpty()) {
            return;
        }
        PreparedStatement ps = statements.get(INSERT_JOURNAL);
        if (ps == null) {
            ps = connection.prepareStatement(INSERT_JOURNAL);
            statements.put(INSERT_JOURNAL, ps);
        }
        for (EncodedEntry e : pendingRows) {
            ps.setString(1, e.executionId());
            ps.setLong(2, e.sequence());
            ps.setString(3, e.type().name());
            ps.setString(4, e.stepId());
            ps.setInt(5, e.attempt());
            dialect.setInstant(ps, 6, e.at());
            if (e.data() == null) {
                ps.setNull(7, Types.VARCHAR);
            } else {
                ps.setString(7, e.data());
            }
            ps.addBatch();
        }
        ps.executeBatch();
        journalRows += pendingRows.size();
        pendingRows.clear();
    }

    /**
     * Whether the journal already holds exactly these rows (same sequence numbers and content):
     * the mark of an earlier attempt whose commit landed although its outcome was not known.
     */
    public boolean journalHolds(List<EncodedEntry> rows) throws SQLException {
        if (rows.isEmpty()) {
            return false;
        }
        flushJournal();
        EncodedEntry first = rows.get(0);
        long last = rows.get(rows.size() - 1).sequence();
        Binder b = bind(SELECT_JOURNAL_RANGE).text(first.executionId()).integer(first.sequence()).integer(last);
        int i = 0;
        try (ResultSet rs = b.query()) {
            while (rs.next()) {
                if (i >= rows.size()) {
                    return false;
                }
                EncodedEntry want = rows.get(i++);
                if (rs.getLong(1) != want.sequence()
                        || !want.type().name().equals(rs.getString(2))
                        || !Objects.equals(want.stepId(), rs.getString(3))
                        || rs.getInt(4) != want.attempt()
                        || !want.at().equals(dialect.getInstant(rs, 5))
                        || !Objects.equals(want.data(), rs.getString(6))) {
                    return false;
                }
            }
        }
        return i == rows.size();
    }

    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException ignored) {
                // The connection is being rolled back or discarded anyway.
            }
        }
        statements.clear();
    }

    /** Binds a statement's parameters left to right. */
    public static final class Binder {
        private final PreparedStatement ps;
        private final Dialect dialect;
        private final Instant now;
        private int index = 1;

        Binder(PreparedStatement ps, Dialect dialect, Instant now) {
            this.ps = ps;
            this.dialect = dialect;
            this.now = now;
        }

        public Binder text(String s) throws SQLException {
            if (s == null) {
                ps.setNull(index++, Types.VARCHAR);
            } else {
                ps.setString(index++, s);
            }
            return this;
        }

        public Binder integer(long v) throws SQLException {
            ps.setLong(index++, v);
            return this;
        }

        /** The {@code :now} placeholder. */
        public Binder now() throws SQLException {
            index = dialect.bindNow(ps, index, now);
            return this;
        }

        /** The {@code :lease} placeholder: now plus {@code ttl}. */
        public Binder lease(Duration ttl) throws SQLException {
            index = dialect.bindLease(ps, index, now, ttl);
            return this;
        }

        public void addBatch() throws SQLException {
            ps.addBatch();
        }

        public Binder instant(Instant t) throws SQLException {
            dialect.setInstant(ps, index++, t);
            return this;
        }

        public int update() throws SQLException {
            return ps.executeUpdate();
        }

        public ResultSet query() throws SQLException {
            return ps.executeQuery();
        }
    }
}
