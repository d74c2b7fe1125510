package io.maestro.jdbc.crash;

import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.StateStore;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Wraps the real store in the child JVM and stops the world at a named point of the journal:
 * it prints {@code CRASHPOINT} and blocks, and the test kills the process with SIGKILL. No
 * hook in production code is needed: every crash point is a journal write (or the moment just
 * before or after one).
 */
final class CrashPointStore extends io.maestro.spi.state.ForwardingStateStore {

    /** Where to stop: before or after the append of {@code type} for {@code stepId} (null: any). */
    record Point(boolean before, EntryType type, String stepId) {
        static Point parse(String spec) {
            if (spec.equals("none")) {
                return null;
            }
            String[] p = spec.split(":");
            return new Point(p[0].equals("before"), EntryType.valueOf(p[1]), p.length > 2 ? p[2] : null);
        }

        boolean matches(List<JournalEntry> entries) {
            return entries.stream().anyMatch(e -> e.type() == type && (stepId == null || stepId.equals(e.stepId())));
        }
    }

    private final Point point;

    CrashPointStore(StateStore delegate, Point point) {
        super(delegate);
        this.point = point;
    }

    private static void halt() {
        System.out.println("CRASHPOINT");
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep waiting for the SIGKILL
            }
        }
    }

    @Override
    public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
        if (point != null && point.matches(entries)) {
            if (point.before()) {
                halt();
            }
            return super.append(lease, entries).thenRun(CrashPointStore::halt);
        }
        return super.append(lease, entries);
    }
}
