package io.maestro.spi.state;

import java.util.Objects;

/**
 * Ownership of one execution by one orchestrator instance. Every journal write carries it, and a
 * store refuses a write whose {@code epoch} is no longer the execution's current one — so an
 * instance that was paused past its lease (a "zombie") cannot write after another took over.
 *
 * @param epoch the fencing token: 1 when the execution is created, +1 at each takeover
 */
public record Lease(String executionId, String owner, long epoch) {

    public Lease {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(owner, "owner");
    }
}
