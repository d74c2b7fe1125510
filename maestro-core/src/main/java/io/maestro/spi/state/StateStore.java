package io.maestro.spi.state;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where executions' journals are kept. Implementations are thread-safe and may group the
 * appends of many executions into one transaction; the stage returned by {@link #append}
 * completes only once the entries are durable, and the engine waits for it before anything
 * that depends on them proceeds.
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder().stateStore(new InMemoryStateStore()).build();
 * }</pre>
 */
public interface StateStore extends AutoCloseable {

    /**
     * Appends entries of one execution, atomically and in order.
     *
     * @throws IllegalArgumentException (through the stage) if a sequence number is already taken
     */
    CompletionStage<Void> append(List<JournalEntry> entries);

    /** The journal of one execution in sequence order; empty if unknown. */
    CompletionStage<List<JournalEntry>> read(String executionId);

    /** Ids of executions that started and have not ended, oldest first. */
    CompletionStage<List<String>> unfinished();

    @Override
    default void close() {
    }
}
