package io.maestro.jdbc.internal;

import io.maestro.spi.state.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Takes an ended execution back (status RUNNING again, epoch + 1, a lease for {@code owner}).
 * Like a claim it changes the epoch, so a repeated reopen is not the same write: after an unknown
 * commit outcome it recognises its own earlier reopen by the execution running under this owner
 * at the epoch that attempt gave it.
 */
public final class ReopenOp extends WriteOp<Optional<Lease>> {

    private final String executionId;
    private final String owner;
    private final Duration ttl;
    private long epochThisAttempt = -1;
    private final Set<Long> possiblyLanded = new HashSet<>();

    public ReopenOp(String executionId, String owner, Duration ttl) {
        this.executionId = executionId;
        this.owner = owner;
        this.ttl = ttl;
    }

    @Override
    public String executionId() {
        return executionId;
    }

    @Override
    protected void beginAttempt() {
        epochThisAttempt = -1;
    }

    @Override
    protected void commitOutcomeUnknown() {
        if (epochThisAttempt > 0) {
            possiblyLanded.add(epochThisAttempt);
        }
    }

    @Override
    protected Outcome<Optional<Lease>> apply(Tx tx) throws SQLException {
        if (tx.replay() && !possiblyLanded.isEmpty()) {
            try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(executionId).query()) {
                if (rs.next() && possiblyLanded.contains(rs.getLong(1)) && owner.equals(rs.getString(3))
                        && ExecutionStatus.RUNNING.name().equals(rs.getString(5))) {
                    epochThisAttempt = rs.getLong(1);
                    return Outcome.of(Optional.of(new Lease(executionId, owner, epochThisAttempt)));
                }
            }
        }
        if (tx.bind(Statements.REOPEN).text(owner).lease(ttl).text(executionId).update() == 0) {
            return Outcome.of(Optional.empty());
        }
        try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(executionId).query()) {
            rs.next();
            epochThisAttempt = rs.getLong(1);
            return Outcome.of(Optional.of(new Lease(executionId, owner, epochThisAttempt)));
        }
    }
}
