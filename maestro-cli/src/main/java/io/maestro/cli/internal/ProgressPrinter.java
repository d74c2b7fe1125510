package io.maestro.cli.internal;

import io.maestro.event.ExecutionEvent;
import io.maestro.event.ExecutionListener;
import java.io.PrintStream;

/**
 * One line per step event on stderr: what runs, what completed in how long, what was skipped,
 * retried, failed or compensated. With {@code debug}, also the resolved inputs and circuit
 * breaker transitions.
 */
public final class ProgressPrinter implements ExecutionListener {

    private final PrintStream out;
    private final boolean debug;

    public ProgressPrinter(PrintStream out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    @Override
    public void onEvent(ExecutionEvent e) {
        String line = line(e);
        if (line != null) {
            out.println(line);
        }
    }

    String line(ExecutionEvent e) {
        if (e instanceof ExecutionEvent.ExecutionStarted s) {
            return "▶ execution " + s.executionId() + " of " + s.workflow() + " " + s.version();
        } else if (e instanceof ExecutionEvent.StepStarted s) {
            return "  ▶ " + s.stepId() + " started (attempt " + s.attempt() + ")" + (debug ? " input=" + s.input() : "");
        } else if (e instanceof ExecutionEvent.StepCompleted s) {
            return "  ✔ " + s.stepId() + " completed in " + s.duration().toMillis() + " ms (" + s.attempts() + " attempt"
                    + (s.attempts() == 1 ? "" : "s") + ")";
        } else if (e instanceof ExecutionEvent.StepSkipped s) {
            return "  · " + s.stepId() + " skipped (condition false)";
        } else if (e instanceof ExecutionEvent.StepAttemptFailed s) {
            return s.retryIn() == null ? null
                    : "  ↻ " + s.stepId() + " attempt " + s.attempt() + " failed (" + s.error().code() + ": " + s.error().message()
                            + "); retrying in " + s.retryIn().toMillis() + " ms";
        } else if (e instanceof ExecutionEvent.StepFailed s) {
            return "  ✘ " + s.stepId() + " failed after " + s.attempts() + " attempt" + (s.attempts() == 1 ? "" : "s") + ": "
                    + s.error().code() + ": " + s.error().message();
        } else if (e instanceof ExecutionEvent.CompensationStarted s) {
            return "  ↺ compensating " + s.stepId();
        } else if (e instanceof ExecutionEvent.CompensationCompleted s) {
            return "  ↺ " + s.stepId() + " compensated";
        } else if (e instanceof ExecutionEvent.CompensationFailed s) {
            return "  ‼ " + s.stepId() + " compensation failed: " + s.error().message();
        } else if (e instanceof ExecutionEvent.CircuitStateChanged s) {
            return debug ? "  ⚡ circuit of " + s.service() + ": " + s.from() + " → " + s.to() : null;
        } else if (e instanceof ExecutionEvent.ExecutionEnded s) {
            return "■ execution " + s.executionId() + " " + s.status();
        }
        return null;
    }
}
