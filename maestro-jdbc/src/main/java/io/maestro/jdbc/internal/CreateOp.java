package io.maestro.jdbc.internal;

import io.maestro.spi.state.Lease;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Creates an execution with its first entries, unless one with its id exists. */
public final class CreateOp extends WriteOp<Optional<Lease>> {

    private static final Map<Integer, String> COMBINED = new ConcurrentHashMap<>();

    private final String owner;
    private final Duration ttl;
    private final List<EncodedEntry> rows;
    private final String workflow;
    private final String version;

    public CreateOp(String owner, Duration ttl, List<EncodedEntry> rows, String workflow, String version) {
        this.owner = owner;
        this.ttl = ttl;
        this.rows = rows;
        this.workflow = workflow;
        this.version = version;
    }

    @Override
    public String executionId() {
        return rows.get(0).executionId();
    }

    @Override
    protected Outcome<Optional<Lease>> apply(Tx tx) throws SQLException {
        if (bindExecution(tx.bind(Statements.INSERT_EXECUTION)).update() == 1) {
            tx.insertJournal(rows);
            return Outcome.of(Optional.of(lease()));
        }
        return existing(tx);
    }

    /** One statement: the journal rows are inserted from what the execution insert returned. */
    @Override
    protected String batchSql() {
        return COMBINED.computeIfAbsent(rows.size(), n -> Statements.insertJournalFrom(
                "WITH created AS (" + Statements.INSERT_EXECUTION + " RETURNING 1)", "created", n));
    }

    @Override
    protected void addToBatch(Tx tx) throws SQLException {
        Statements.bindJournalRows(bindExecution(tx.bind(batchSql())), rows).addBatch();
    }

    @Override
    protected Outcome<Optional<Lease>> settle(int inserted, Tx tx) throws SQLException {
        if (inserted == rows.size()) {
            tx.countJournalRows(inserted);
            return Outcome.of(Optional.of(lease()));
        }
        if (inserted == java.sql.Statement.SUCCESS_NO_INFO && tx.journalHolds(rows)) {
            return Outcome.of(Optional.of(lease()));
        }
        return existing(tx);
    }

    private Tx.Binder bindExecution(Tx.Binder b) throws SQLException {
        ExecutionStatus status = EncodedEntry.statusAfter(rows);
        return b.text(executionId()).text(workflow).text(version).now()
                .text(EncodedEntry.releasesOwner(rows) ? null : owner).lease(ttl)
                .text((status == null ? ExecutionStatus.RUNNING : status).name())
                .integer(rows.get(rows.size() - 1).sequence());
    }

    private Lease lease() {
        return new Lease(executionId(), owner, 1);
    }

    /** Not inserted: the id exists. */
    private Outcome<Optional<Lease>> existing(Tx tx) throws SQLException {
        Lease lease = lease();
        // Our own earlier attempt may have created it (commit outcome unknown): same rows, then it was us.
        if (tx.replay() && tx.journalHolds(rows)) {
            return Outcome.of(Optional.of(lease));
        }
        return Outcome.of(Optional.empty());
    }

}
