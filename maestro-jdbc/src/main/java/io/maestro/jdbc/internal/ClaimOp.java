package io.maestro.jdbc.internal;

import io.maestro.spi.state.Claim;
import io.maestro.spi.state.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Takes over one execution. A claim changes the epoch, so a repeated claim is not the same write:
 * after an unknown commit outcome it recognises its own earlier takeover by owner and epoch.
 */
public final class ClaimOp extends WriteOp<Optional<Claim>> {

    private final String executionId;
    private final String owner;
    private final Duration ttl;
    private final boolean force;
    private long epochThisAttempt = -1;
    private final Set<Long> possiblyLanded = new HashSet<>();

    public ClaimOp(String executionId, String owner, Duration ttl, boolean force) {
        this.executionId = executionId;
        this.owner = owner;
        this.ttl = ttl;
        this.force = force;
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
    protected Outcome<Optional<Claim>> apply(Tx tx) throws SQLException {
        if (tx.replay() && !possiblyLanded.isEmpty()) {
            try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(executionId).query()) {
                if (rs.next() && possiblyLanded.contains(rs.getLong(1)) && owner.equals(rs.getString(3))) {
                    epochThisAttempt = rs.getLong(1);
                    return Outcome.of(Optional.of(new Claim(new Lease(executionId, owner, rs.getLong(1)), rs.getInt(2))));
                }
            }
        }
        Tx.Binder b = tx.bind(force ? Statements.CLAIM_BY_ID : Statements.CLAIM_IF_RECOVERABLE)
                .text(owner).lease(ttl).text(executionId);
        if (!force) {
            b.now();
        }
        if (b.update() == 0) {
            return Outcome.of(Optional.empty());
        }
        try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(executionId).query()) {
            rs.next();
            epochThisAttempt = rs.getLong(1);
            return Outcome.of(Optional.of(new Claim(new Lease(executionId, owner, rs.getLong(1)), rs.getInt(2))));
        }
    }
}
