package io.maestro.internal.engine;

import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Appends one execution's journal entries in order. Sequence numbers are taken and the append
 * issued under one lock, so a store that handles appends in call order (every store must) sees
 * them without gaps even when parallel branches write at once.
 */
final class ExecutionJournal {

    private final String executionId;
    private final StateStore store;
    private final Clock clock;
    private long sequence;

    ExecutionJournal(String executionId, StateStore store, Clock clock) {
        this.executionId = executionId;
        this.store = store;
        this.clock = clock;
    }

    /** Completes when the entry is durable. */
    synchronized CompletionStage<Void> append(EntryType type, String stepId, int attempt, Map<String, Object> data) {
        JournalEntry entry = new JournalEntry(executionId, ++sequence, type, stepId, attempt, clock.instant(), data);
        return store.append(List.of(entry));
    }
}
