package io.maestro.jdbc.internal;

import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A journal row ready to insert: its data already JSON (encoded on the caller's thread, so the
 * writer thread only does SQL) and its time at the stores' precision, microseconds.
 */
public record EncodedEntry(String executionId, long sequence, EntryType type, String stepId, int attempt, Instant at, String data) {

    public static EncodedEntry of(JournalEntry e, JournalJson json) {
        return new EncodedEntry(e.executionId(), e.sequence(), e.type(), e.stepId(), e.attempt(),
                e.at().truncatedTo(ChronoUnit.MICROS), json.encode(e.data()));
    }

    /**
     * Encodes a batch of one execution's entries, checking that they belong to {@code executionId}
     * and that their sequence numbers follow each other.
     *
     * @throws IllegalArgumentException when they do not
     */
    public static List<EncodedEntry> batch(String executionId, List<JournalEntry> entries, JournalJson json) {
        List<EncodedEntry> out = new ArrayList<>(entries.size());
        long expected = -1;
        for (JournalEntry e : entries) {
            Objects.requireNonNull(e, "journal entry");
            if (!e.executionId().equals(executionId)) {
                throw new IllegalArgumentException("entry of execution " + e.executionId() + " appended to execution " + executionId);
            }
            if (expected != -1 && e.sequence() != expected) {
                throw new IllegalArgumentException("execution " + executionId + ": expected journal sequence " + expected + ", got " + e.sequence());
            }
            expected = e.sequence() + 1;
            out.add(of(e, json));
        }
        return out;
    }

    /**
     * The execution status after these entries, or {@code null} when they do not change it.
     * {@link EntryType#EXECUTION_REOPENED} changes nothing: the reopen itself made the execution
     * RUNNING before that entry could be appended.
     */
    public static ExecutionStatus statusAfter(List<EncodedEntry> entries) {
        ExecutionStatus status = null;
        for (EncodedEntry e : entries) {
            if (e.type() == EntryType.EXECUTION_ENDED) {
                status = ExecutionStatus.ENDED;
            } else if (e.type() == EntryType.EXECUTION_PARKED && status != ExecutionStatus.ENDED) {
                status = ExecutionStatus.PARKED;
            } else if (e.type() == EntryType.EXECUTION_UNPARKED && status != ExecutionStatus.ENDED) {
                status = ExecutionStatus.RUNNING;
            }
        }
        return status;
    }

    /** Whether these entries end the ownership (the in-memory store clears the owner then). */
    public static boolean releasesOwner(List<EncodedEntry> entries) {
        for (EncodedEntry e : entries) {
            if (e.type() == EntryType.EXECUTION_ENDED || e.type() == EntryType.EXECUTION_PARKED) {
                return true;
            }
        }
        return false;
    }
}
