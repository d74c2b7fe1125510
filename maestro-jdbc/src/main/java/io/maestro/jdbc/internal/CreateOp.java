package io.maestro.jdbc.internal;

import io.maestro.spi.state.Lease;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Creates an execution with its first entries, unless one with its id exists. */
public final class CreateOp extends WriteOp<Optional<Lease>> {

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
        ExecutionStatus status = EncodedEntry.statusAfter(rows);
        boolean released = EncodedEntry.releasesOwner(rows);
        int inserted = tx.bind(Statements.INSERT_EXECUTION)
                .text(executionId()).text(workflow).text(version).now()
                .text(released ? null : owner).lease(ttl)
                .text((status == null ? ExecutionStatus.RUNNING : status).name())
                .integer(rows.get(rows.size() - 1).sequence())
                .update();
        Lease lease = new Lease(executionId(), owner, 1);
        if (inserted == 1) {
            tx.insertJournal(rows);
            return Outcome.of(Optional.of(lease));
        }
        // Our own earlier attempt may have created it (commit outcome unknown): same rows, then it was us.
        if (tx.replay() && tx.journalHolds(rows)) {
            return Outcome.of(Optional.of(lease));
        }
        return Outcome.of(Optional.empty());
    }

    @Override
    protected int entries() {
        return rows.size();
    }
}
