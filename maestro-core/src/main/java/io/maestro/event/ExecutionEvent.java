package io.maestro.event;

import io.maestro.ErrorInfo;
import io.maestro.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to an execution (or, for {@link CircuitStateChanged}, to a service).
 *
 * <pre>{@code
 * .listener(e -> { if (e instanceof ExecutionEvent.StepFailed f) log.warn("{} failed: {}", f.stepId(), f.error()); })
 * }</pre>
 */
public sealed interface ExecutionEvent {

    /** The execution concerned; {@code null} for service-level events. */
    String executionId();

    Instant at();

    record ExecutionStarted(String executionId, Instant at, String workflow, String version) implements ExecutionEvent {
    }

    record ExecutionEnded(String executionId, Instant at, ExecutionStatus status, ErrorInfo error) implements ExecutionEvent {
    }

    record StepStarted(String executionId, Instant at, String stepId, int attempt, Object input) implements ExecutionEvent {
    }

    record StepCompleted(String executionId, Instant at, String stepId, int attempts, Duration duration) implements ExecutionEvent {
    }

    record StepSkipped(String executionId, Instant at, String stepId) implements ExecutionEvent {
    }

    /** One attempt failed; {@code retryIn} is the wait before the next attempt, or null if none follows. */
    record StepAttemptFailed(String executionId, Instant at, String stepId, int attempt, ErrorInfo error, Duration retryIn) implements ExecutionEvent {
    }

    /** The step failed for good (every attempt used, or a failure that is not retried). */
    record StepFailed(String executionId, Instant at, String stepId, int attempts, ErrorInfo error) implements ExecutionEvent {
    }

    record CompensationStarted(String executionId, Instant at, String stepId) implements ExecutionEvent {
    }

    record CompensationCompleted(String executionId, Instant at, String stepId) implements ExecutionEvent {
    }

    record CompensationFailed(String executionId, Instant at, String stepId, ErrorInfo error) implements ExecutionEvent {
    }

    /** A service's circuit breaker changed state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}). */
    record CircuitStateChanged(String executionId, Instant at, String service, String from, String to) implements ExecutionEvent {
    }
}
