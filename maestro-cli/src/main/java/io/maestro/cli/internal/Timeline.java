package io.maestro.cli.internal;

import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An execution's journal as lines a person reads: offset from the start, event, step, details. */
public final class Timeline {

    private Timeline() {
    }

    public static String render(List<JournalEntry> journal) {
        StringBuilder sb = new StringBuilder();
        JournalEntry first = journal.get(0);
        Instant start = first.at();
        sb.append("execution ").append(first.executionId()).append(" of ").append(first.data().get("workflow"))
                .append(' ').append(first.data().get("version")).append(", started ").append(start).append('\n');
        String status = "RUNNING (or interrupted: resume it)";
        for (JournalEntry e : journal) {
            long ms = Duration.between(start, e.at()).toMillis();
            sb.append(String.format("%+8d ms  %-22s %-20s %s%n", ms, e.type(), e.stepId() == null ? "" : e.stepId(), detail(e)));
            if (e.type() == EntryType.EXECUTION_ENDED) {
                status = String.valueOf(e.data().get("status"));
            } else if (e.type() == EntryType.EXECUTION_PARKED) {
                status = "PARKED";
            } else if (e.type() == EntryType.SAGA_STARTED && status.startsWith("RUNNING")) {
                status = "COMPENSATING (or interrupted: resume it)";
            }
        }
        sb.append("status: ").append(status).append('\n');
        return sb.toString();
    }

    private static String detail(JournalEntry e) {
        Map<String, Object> d = e.data();
        return switch (e.type()) {
            case EXECUTION_STARTED -> "input=" + d.get("input");
            case STEP_STARTED, COMPENSATION_STARTED -> "attempt " + e.attempt();
            case STEP_COMPLETED -> "output=" + d.get("output");
            case STEP_FAILED, COMPENSATION_FAILED -> error(d.get("error")) + (Boolean.TRUE.equals(d.get("outcome_unknown")) ? " (outcome unknown)" : "");
            case SAGA_STARTED -> "because " + error(d.get("error"));
            case EXECUTION_ENDED -> String.valueOf(d.get("status")) + (d.get("error") == null ? "" : ": " + error(d.get("error")));
            case EXECUTION_PARKED -> String.valueOf(d.get("reason"));
            default -> "";
        };
    }

    private static String error(Object error) {
        return error instanceof Map<?, ?> m ? m.get("code") + ": " + m.get("message") : String.valueOf(error);
    }
}
