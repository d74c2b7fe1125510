package io.maestro.jdbc.internal;

import io.maestro.spi.state.Lease;
import java.sql.SQLException;
import java.time.Duration;

/** Extends a lease that is still current; repeating it after an unknown outcome is harmless. */
public final class RenewOp extends WriteOp<Boolean> {

    private final Lease lease;
    private final Duration ttl;

    public RenewOp(Lease lease, Duration ttl) {
        this.lease = lease;
        this.ttl = ttl;
    }

    @Override
    public String executionId() {
        return lease.executionId();
    }

    @Override
    protected Outcome<Boolean> apply(Tx tx) throws SQLException {
        int n = tx.bind(Statements.RENEW).lease(ttl).text(lease.executionId()).integer(lease.epoch()).update();
        return Outcome.of(n == 1);
    }
}
