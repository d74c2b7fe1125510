package io.maestro.internal.engine;

import io.maestro.ErrorInfo;
import io.maestro.StepResult;
import io.maestro.StepStatus;
import java.time.Instant;

/** The mutable state of one call step within one execution; guarded by its own monitor. */
final class StepState {

    final String id;
    private StepStatus status = StepStatus.PENDING;
    private int attempts;
    private Instant startedAt;
    private Instant endedAt;
    private Object output;
    private ErrorInfo error;
    /** Order in which steps ended (completed, or failed with unknown outcome); saga undoes in reverse. */
    private long endOrder;
    /** The service may have acted on the last attempt though we saw no answer (timeout, cancellation). */
    private boolean outcomeUnknown;

    StepState(String id) {
        this.id = id;
    }

    synchronized int startAttempt(Instant now) {
        if (startedAt == null) {
            startedAt = now;
        }
        status = StepStatus.RUNNING;
        return ++attempts;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized void completed(Object output, Instant now, long order) {
        this.status = StepStatus.COMPLETED;
        this.output = output;
        this.endedAt = now;
        this.endOrder = order;
    }

    synchronized void skipped(Instant now) {
        this.status = StepStatus.SKIPPED;
        this.startedAt = now;
        this.endedAt = now;
    }

    synchronized void failed(ErrorInfo error, boolean outcomeUnknown, Instant now, long order) {
        this.status = StepStatus.FAILED;
        this.error = error;
        this.outcomeUnknown = outcomeUnknown;
        this.endedAt = now;
        this.endOrder = order;
        if (startedAt == null) {
            startedAt = now;
        }
    }

    synchronized void compensated(StepStatus status, ErrorInfo error) {
        this.status = status;
        if (error != null) {
            this.error = error;
        }
    }

    /** State rebuilt from the journal after a crash. */
    synchronized void restore(StepStatus status, int attempts, Instant startedAt, Instant endedAt, Object output, ErrorInfo error,
            long endOrder, boolean outcomeUnknown) {
        this.status = status;
        this.attempts = attempts;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.output = output;
        this.error = error;
        this.endOrder = endOrder;
        this.outcomeUnknown = outcomeUnknown;
    }

    synchronized StepStatus status() {
        return status;
    }

    synchronized long endOrder() {
        return endOrder;
    }

    /** Completed, or failed in a way that may have had an effect: the saga must undo it. */
    synchronized boolean needsCompensation() {
        return status == StepStatus.COMPLETED || (status == StepStatus.FAILED && outcomeUnknown);
    }

    synchronized Object output() {
        return output;
    }

    synchronized StepResult toResult() {
        return new StepResult(id, status, attempts, startedAt, endedAt, output, error);
    }
}
