package io.maestro.spi.state;

import io.maestro.model.JsonValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record of an execution's journal.
 *
 * @param sequence position in the execution's journal, from 1, without gaps
 * @param stepId the step concerned, or {@code null} for execution-level entries
 * @param attempt the attempt number for step entries, else 0
 * @param data a JSON-like map (see {@link EntryType} for what each kind holds)
 */
public record JournalEntry(String executionId, long sequence, EntryType type, String stepId, int attempt, Instant at, Map<String, Object> data) {

    public JournalEntry {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = data == null ? Map.of() : (Map<String, Object>) JsonValues.immutableCopy(data);
        data = copy;
    }
}
