package io.maestro.jdbc;

import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Journal entries and small helpers for the store tests. */
final class Entries {

    private Entries() {
    }

    static String newId() {
        return "exec-" + UUID.randomUUID();
    }

    static JournalEntry started(String id) {
        return new JournalEntry(id, 1, EntryType.EXECUTION_STARTED, null, 0, now(), Map.of("workflow", "w", "version", "1"));
    }

    static JournalEntry step(String id, long seq, String marker) {
        return new JournalEntry(id, seq, EntryType.STEP_STARTED, "s" + seq, 1, now(), Map.of("by", marker, "seq", seq));
    }

    static List<JournalEntry> one(JournalEntry e) {
        return List.of(e);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
}
