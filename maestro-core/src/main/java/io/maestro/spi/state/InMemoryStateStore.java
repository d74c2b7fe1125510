package io.maestro.spi.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link StateStore} in memory: the default, and fine for tests; everything is lost with the
 * process. It keeps every unfinished execution and the journals of the most recently ended
 * ones (10 000 by default), so a long-running orchestrator does not grow without bound.
 * Thread-safe.
 *
 * <pre>{@code
 * StateStore store = new InMemoryStateStore(100_000);
 * }</pre>
 */
public final class InMemoryStateStore implements StateStore {

    /** How many ended executions are kept by default. */
    public static final int DEFAULT_RETAINED = 10_000;

    private final Map<String, List<JournalEntry>> journals = new LinkedHashMap<>();
    private final java.util.ArrayDeque<String> ended = new java.util.ArrayDeque<>();
    private final int retained;

    public InMemoryStateStore() {
        this(DEFAULT_RETAINED);
    }

    /** @param retainedEnded how many ended executions' journals to keep (oldest dropped first) */
    public InMemoryStateStore(int retainedEnded) {
        if (retainedEnded < 0) {
            throw new IllegalArgumentException("retainedEnded must not be negative");
        }
        this.retained = retainedEnded;
    }

    @Override
    public synchronized CompletionStage<Void> append(List<JournalEntry> entries) {
        // Check the whole batch first so that a rejected batch leaves nothing behind.
        Map<String, Integer> next = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            int size = next.computeIfAbsent(e.executionId(), id -> journals.getOrDefault(id, List.of()).size());
            if (e.sequence() != size + 1) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "execution " + e.executionId() + ": expected journal sequence " + (size + 1) + ", got " + e.sequence()));
            }
            next.put(e.executionId(), size + 1);
        }
        for (JournalEntry e : entries) {
            journals.computeIfAbsent(e.executionId(), k -> new ArrayList<>()).add(e);
            if (e.type() == EntryType.EXECUTION_ENDED) {
                ended.addLast(e.executionId());
                while (ended.size() > retained) {
                    journals.remove(ended.removeFirst());
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<List<JournalEntry>> read(String executionId) {
        return CompletableFuture.completedFuture(List.copyOf(journals.getOrDefault(executionId, List.of())));
    }

    @Override
    public synchronized CompletionStage<List<String>> unfinished() {
        List<String> ids = new ArrayList<>();
        journals.forEach((id, journal) -> {
            if (!journal.isEmpty() && journal.get(journal.size() - 1).type() != EntryType.EXECUTION_ENDED) {
                ids.add(id);
            }
        });
        return CompletableFuture.completedFuture(ids);
    }
}
