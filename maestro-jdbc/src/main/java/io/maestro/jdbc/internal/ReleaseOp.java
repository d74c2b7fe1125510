package io.maestro.jdbc.internal;

import io.maestro.spi.state.Lease;
import java.sql.SQLException;

/** Lets a lease expire at once, if it is still current; idempotent. */
public final class ReleaseOp extends WriteOp<Void> {

    private final Lease lease;

    public ReleaseOp(Lease lease) {
        this.lease = lease;
    }

    @Override
    public String executionId() {
        return lease.executionId();
    }

    @Override
    protected Outcome<Void> apply(Tx tx) throws SQLException {
        tx.bind(Statements.RELEASE).text(lease.executionId()).integer(lease.epoch()).update();
        return Outcome.of(null);
    }
}
