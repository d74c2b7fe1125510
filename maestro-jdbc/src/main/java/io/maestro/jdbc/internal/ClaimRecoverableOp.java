package io.maestro.jdbc.internal;

import io.maestro.spi.state.Claim;
import io.maestro.spi.state.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Takes over up to {@code limit} recoverable executions (see {@link Dialect#claimRecoverable}). */
public final class ClaimRecoverableOp extends WriteOp<List<Claim>> {

    private final String owner;
    private final Duration ttl;
    private final int limit;
    private final List<Dialect.ClaimedRow> thisAttempt = new ArrayList<>();
    private final Map<String, Long> possiblyLanded = new LinkedHashMap<>();

    public ClaimRecoverableOp(String owner, Duration ttl, int limit) {
        this.owner = owner;
        this.ttl = ttl;
        this.limit = limit;
    }

    @Override
    public String executionId() {
        return null;
    }

    @Override
    protected void beginAttempt() {
        thisAttempt.clear();
    }

    @Override
    protected void commitOutcomeUnknown() {
        thisAttempt.forEach(r -> possiblyLanded.put(r.id(), r.epoch()));
    }

    @Override
    protected Outcome<List<Claim>> apply(Tx tx) throws SQLException {
        if (tx.replay()) {
            // Executions our unknown commit may have taken are ours now, and no longer recoverable.
            for (Map.Entry<String, Long> e : possiblyLanded.entrySet()) {
                if (thisAttempt.size() >= limit) {
                    break;
                }
                try (ResultSet rs = tx.bind(Statements.SELECT_STATE).text(e.getKey()).query()) {
                    if (rs.next() && rs.getLong(1) == e.getValue() && owner.equals(rs.getString(3))) {
                        thisAttempt.add(new Dialect.ClaimedRow(e.getKey(), rs.getLong(1), rs.getInt(2)));
                    }
                }
            }
        }
        if (thisAttempt.size() < limit) {
            thisAttempt.addAll(tx.dialect().claimRecoverable(tx, owner, ttl, limit - thisAttempt.size()));
        }
        List<Claim> claims = new ArrayList<>(thisAttempt.size());
        for (Dialect.ClaimedRow r : thisAttempt) {
            claims.add(new Claim(new Lease(r.id(), owner, r.epoch()), r.recoveries()));
        }
        return Outcome.of(List.copyOf(claims));
    }
}
