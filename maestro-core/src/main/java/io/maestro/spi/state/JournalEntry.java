package io.maestro.spi.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One record of an execution's journal.
 *
 * @param sequence position in the execution's journal, from 1, without gaps
 * @param stepId the step concerned, or {@code null} for execution-level entries
 * @param attempt the attempt number for step entries, else 0
 * @param data a JSON-like map (see {@link EntryType} for what each kind holds); its values must
 *     be immutable (the engine only journals immutable data), the map itself is copied
 */
public record JournalEntry(String executionId, long sequence, EntryType type, String stepId, int attempt, Instant at, Map<String, Object> data) {

    /** The JDK's unmodifiable map classes that hold their entries themselves: nothing to copy. */
    private static final Set<Class<?>> IMMUTABLE_MAPS = Set.copyOf(List.of(Map.of().getClass(), Map.of("k", 1).getClass(),
            Map.of("k", 1, "l", 2).getClass(), Collections.singletonMap("k", 1).getClass(), Collections.emptyMap().getClass()));

    public JournalEntry {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        // Shallow: values are immutable already, and deep-copying every step output on the hot path is what this avoids.
        data = data == null || data.isEmpty() ? Map.of()
                : IMMUTABLE_MAPS.contains(data.getClass()) ? data
                : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** The same entry with another timestamp (stores may keep time at a coarser precision). */
    public JournalEntry withAt(Instant instant) {
        return new JournalEntry(executionId, sequence, type, stepId, attempt, instant, data);
    }
}
