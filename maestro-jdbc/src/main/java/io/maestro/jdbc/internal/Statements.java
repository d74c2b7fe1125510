package io.maestro.jdbc.internal;

/** The statements both dialects share ({@code :now}, {@code :lease}, {@code :past} as in {@link Dialect}). */
final class Statements {

    static final String INSERT_EXECUTION =
            "INSERT INTO executions (id, workflow, version, created_at, owner, epoch, lease_until, recoveries, status, last_seq)"
                    + " VALUES (?, ?, ?, :now, ?, 1, :lease, 0, ?, ?) ON CONFLICT (id) DO NOTHING";

    /** The fencing check and the sequence check in one statement: it matches only when both hold. */
    static final String ADVANCE = "UPDATE executions SET last_seq = ?"
            + " WHERE id = ? AND epoch = ? AND last_seq = ? AND status <> 'ENDED'";
    static final String ADVANCE_AND_SET_STATUS = "UPDATE executions SET last_seq = ?, status = ?"
            + " WHERE id = ? AND epoch = ? AND last_seq = ? AND status <> 'ENDED'";
    static final String ADVANCE_AND_RELEASE = "UPDATE executions SET last_seq = ?, status = ?, owner = NULL"
            + " WHERE id = ? AND epoch = ? AND last_seq = ? AND status <> 'ENDED'";

    static final String SELECT_STATE = "SELECT epoch, recoveries, owner, last_seq, status FROM executions WHERE id = ?";

    static final String RENEW = "UPDATE executions SET lease_until = :lease"
            + " WHERE id = ? AND epoch = ? AND status <> 'ENDED' AND owner IS NOT NULL";
    static final String RELEASE = "UPDATE executions SET lease_until = :past WHERE id = ? AND epoch = ?";

    static final String CLAIM_BY_ID = "UPDATE executions SET owner = ?, epoch = epoch + 1, recoveries = recoveries + 1,"
            + " lease_until = :lease WHERE id = ? AND status <> 'ENDED'";
    static final String CLAIM_IF_RECOVERABLE = CLAIM_BY_ID + " AND status = 'RUNNING' AND lease_until <= :now";

    /** Takes an ended execution back: running again under a new owner and epoch (recoveries unchanged). */
    static final String REOPEN = "UPDATE executions SET status = 'RUNNING', owner = ?, epoch = epoch + 1,"
            + " lease_until = :lease WHERE id = ? AND status = 'ENDED'";

    /**
     * Ended executions whose end entry (their last) is older than a time, oldest first; walks the
     * {@code journal_ended} index, so a purge costs what it deletes, not the size of the table.
     */
    static final String SELECT_PURGEABLE = "SELECT j.execution_id FROM journal j"
            + " JOIN executions e ON e.id = j.execution_id AND e.last_seq = j.seq"
            + " WHERE j.type = 'EXECUTION_ENDED' AND j.at < ? AND e.status = 'ENDED' ORDER BY j.at LIMIT ?";
    /** First, and only if still ended: a reopen that got there first keeps the execution. */
    static final String DELETE_ENDED_EXECUTION = "DELETE FROM executions WHERE id = ? AND status = 'ENDED'";
    static final String DELETE_JOURNAL = "DELETE FROM journal WHERE execution_id = ?";

    static final String READ_JOURNAL =
            "SELECT seq, type, step_id, attempt, at, data FROM journal WHERE execution_id = ? ORDER BY seq";

    /**
     * {@code <with> INSERT INTO journal … SELECT v.* FROM <source> CROSS JOIN (VALUES …) v}: inserts
     * {@code rows} journal rows when {@code source} (a data-modifying WITH) yields a row, none otherwise.
     */
    static String insertJournalFrom(String with, String source, int rows) {
        StringBuilder sql = new StringBuilder(with)
                .append(" INSERT INTO journal (execution_id, seq, type, step_id, attempt, at, data)")
                .append(" SELECT v.* FROM ").append(source).append(" CROSS JOIN (VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(CAST(? AS text), CAST(? AS bigint), CAST(? AS text), CAST(? AS text),"
                    + " CAST(? AS integer), CAST(? AS timestamptz), CAST(? AS text))");
        }
        return sql.append(") AS v (execution_id, seq, type, step_id, attempt, at, data)").toString();
    }

    /** Binds the VALUES of {@link #insertJournalFrom}. */
    static Tx.Binder bindJournalRows(Tx.Binder b, java.util.List<EncodedEntry> rows) throws java.sql.SQLException {
        for (EncodedEntry e : rows) {
            b.text(e.executionId()).integer(e.sequence()).text(e.type().name()).text(e.stepId())
                    .integer(e.attempt()).instant(e.at()).text(e.data());
        }
        return b;
    }

    private Statements() {
    }
}
