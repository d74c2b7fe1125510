package io.maestro.jdbc.internal;

import io.maestro.spi.state.Lease;
import io.maestro.spi.state.LeaseLostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends entries under a lease. The fencing check (epoch still current, not ended) and the
 * sequence check (first entry follows the last written) are one conditional UPDATE of the
 * execution's row, in the same transaction as the journal insert; on PostgreSQL that UPDATE
 * also locks the row, so a takeover commits either wholly before or wholly after this append.
 *
 * <p>Where the dialect {@linkplain Dialect#combinesAppends() combines} them, the UPDATE and the
 * INSERT are one statement (the insert selects from the update's result, so it inserts nothing
 * when the checks fail), and a group's appends go to the database as one batch.
 */
public final class AppendOp extends WriteOp<Void> {

    private static final Map<String, String> COMBINED = new ConcurrentHashMap<>();

    private final Lease lease;
    private final List<EncodedEntry> rows;
    private final ExecutionStatus status;
    private final boolean releasesOwner;

    public AppendOp(Lease lease, List<EncodedEntry> rows) {
        this.lease = lease;
        this.rows = rows;
        this.status = EncodedEntry.statusAfter(rows);
        this.releasesOwner = EncodedEntry.releasesOwner(rows);
    }

    @Override
    public String executionId() {
        return lease.executionId();
    }

    @Override
    protected Outcome<Void> apply(Tx tx) throws SQLException {
        if (rows.isEmpty()) {
            return checkLeaseOnly(tx);
        }
        if (bindAdvance(tx, advanceSql()).update() == 1) {
            tx.insertJournal(rows);
            return Outcome.of(null);
        }
        return refused(tx);
    }

    /** The one-statement form: {@code WITH ok AS (UPDATE … RETURNING 1) INSERT INTO journal SELECT … FROM ok}. */
    @Override
    protected String batchSql() {
        if (rows.isEmpty()) {
            return null;
        }
        return COMBINED.computeIfAbsent(advanceSql() + "#" + rows.size(),
                k -> Statements.insertJournalFrom("WITH ok AS (" + advanceSql() + " RETURNING 1)", "ok", rows.size()));
    }

    @Override
    protected void addToBatch(Tx tx) throws SQLException {
        Statements.bindJournalRows(bindAdvance(tx, batchSql()), rows).addBatch();
    }

    @Override
    protected Outcome<Void> settle(int inserted, Tx tx) throws SQLException {
        if (inserted == rows.size()) {
            tx.countJournalRows(inserted);
            return Outcome.of(null);
        }
        if (inserted == Statement.SUCCESS_NO_INFO && tx.journalHolds(rows)) {
            return Outcome.of(null);
        }
        return refused(tx);
    }

    private String advanceSql() {
        if (status == null) {
            return Statements.ADVANCE;
        }
        return releasesOwner ? Statements.ADVANCE_AND_RELEASE : Statements.ADVANCE_AND_SET_STATUS;
    }

    private Tx.Binder bindAdvance(Tx tx, String sql) throws SQLException {
        Tx.Binder b = tx.bind(sql).integer(rows.get(rows.size() - 1).sequence());
        if (status != null) {
            b.text(status.name());
        }
        return b.text(lease.executionId()).integer(lease.epoch()).integer(rows.get(0).sequence() - 1);
    }

    /** The checks failed: our own earlier write (replay), a lost lease, or a wrong sequence number. */
    private Outcome<Void> refused(Tx tx) throws SQLException {
        if (tx.replay() && tx.journalHolds(rows)) {
            return Outcome.of(null);
        }
        try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(lease.executionId()).query()) {
            if (!rs.next() || rs.getLong(1) != lease.epoch() || ExecutionStatus.ENDED.name().equals(rs.getString(5))) {
                return Outcome.failed(new LeaseLostException(lease.executionId(), lease.epoch()));
            }
            return Outcome.failed(new IllegalArgumentException("execution " + lease.executionId()
                    + ": expected journal sequence " + (rs.getLong(4) + 1) + ", got " + rows.get(0).sequence()));
        }
    }

    private Outcome<Void> checkLeaseOnly(Tx tx) throws SQLException {
        try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(lease.executionId()).query()) {
            if (!rs.next() || rs.getLong(1) != lease.epoch() || ExecutionStatus.ENDED.name().equals(rs.getString(5))) {
                return Outcome.failed(new LeaseLostException(lease.executionId(), lease.epoch()));
            }
            return Outcome.of(null);
        }
    }

}
