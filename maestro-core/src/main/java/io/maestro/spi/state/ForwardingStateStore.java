package io.maestro.spi.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link StateStore} that forwards every call to another one: extend it and override what
 * you want to observe or change (auditing, metrics, fault injection in tests).
 *
 * <pre>{@code
 * StateStore audited = new ForwardingStateStore(JdbcStateStore.sqlite(path)) {
 *     public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
 *         entries.forEach(e -> log.info("journal {}", e));
 *         return super.append(lease, entries);
 *     }
 * };
 * }</pre>
 */
public class ForwardingStateStore implements StateStore {

    private final StateStore delegate;

    public ForwardingStateStore(StateStore delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are forwarded to. */
    protected StateStore delegate() {
        return delegate;
    }

    @Override
    public CompletionStage<Optional<Lease>> create(String owner, Duration leaseTtl, List<JournalEntry> first) {
        return delegate.create(owner, leaseTtl, first);
    }

    @Override
    public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
        return delegate.append(lease, entries);
    }

    @Override
    public CompletionStage<List<JournalEntry>> read(String executionId) {
        return delegate.read(executionId);
    }

    @Override
    public CompletionStage<Boolean> renew(Lease lease, Duration ttl) {
        return delegate.renew(lease, ttl);
    }

    @Override
    public CompletionStage<Void> release(Lease lease) {
        return delegate.release(lease);
    }

    @Override
    public CompletionStage<Optional<Claim>> claim(String executionId, String owner, Duration leaseTtl, boolean force) {
        return delegate.claim(executionId, owner, leaseTtl, force);
    }

    @Override
    public CompletionStage<Optional<Lease>> reopen(String executionId, String owner, Duration leaseTtl) {
        return delegate.reopen(executionId, owner, leaseTtl);
    }

    @Override
    public CompletionStage<List<Claim>> claimRecoverable(String owner, Duration leaseTtl, int limit) {
        return delegate.claimRecoverable(owner, leaseTtl, limit);
    }

    @Override
    public CompletionStage<List<String>> unfinished() {
        return delegate.unfinished();
    }

    @Override
    public CompletionStage<Integer> purgeEnded(Instant endedBefore, int limit) {
        return delegate.purgeEnded(endedBefore, limit);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
