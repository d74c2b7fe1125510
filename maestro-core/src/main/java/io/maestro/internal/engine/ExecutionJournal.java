package io.maestro.internal.engine;

import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Appends one execution's journal entries in order, under its lease. Sequence numbers are taken
 * and the append issued under one lock, so the store sees them in order without gaps even when
 * parallel branches write at once.
 */
final class ExecutionJournal {

    private final String executionId;
    private final StateStore store;
    private final Clock clock;
    private long sequence;
    private volatile Lease lease;

    /** A journal continuing after {@code lastSequence} (0 for a new execution). */
    ExecutionJournal(String executionId, StateStore store, Clock clock, long lastSequence, Lease lease) {
        this.executionId = executionId;
        this.store = store;
        this.clock = clock;
        this.sequence = lastSequence;
        this.lease = lease;
    }

    /** Creates the execution with its first entry; empty when the id already exists. */
    synchronized CompletionStage<Optional<Lease>> create(String owner, Duration ttl, Map<String, Object> started) {
        JournalEntry entry = new JournalEntry(executionId, ++sequence, EntryType.EXECUTION_STARTED, null, 0, clock.instant(), started);
        return store.create(owner, ttl, List.of(entry)).thenApply(created -> {
            created.ifPresent(l -> this.lease = l);
            return created;
        });
    }

    /** Completes when the entry is durable. */
    synchronized CompletionStage<Void> append(EntryType type, String stepId, int attempt, Map<String, Object> data) {
        JournalEntry entry = new JournalEntry(executionId, ++sequence, type, stepId, attempt, clock.instant(), data);
        return store.append(lease, List.of(entry));
    }

    Lease lease() {
        return lease;
    }
}
