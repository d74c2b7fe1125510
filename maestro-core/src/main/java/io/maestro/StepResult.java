package io.maestro;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened to one call step of an execution.
 *
 * @param attempts how many times the service was called (0 when skipped or never started)
 * @param startedAt {@code null} when the step never started
 * @param endedAt {@code null} while running or when it never started
 * @param output the step's result, or {@code null}
 * @param error why it failed (or why its compensation failed), or {@code null}
 */
public record StepResult(String id, StepStatus status, int attempts, Instant startedAt, Instant endedAt, Object output, ErrorInfo error) {

    /** Time from start to end, or zero when the step did not run. */
    public Duration duration() {
        return startedAt == null || endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
    }
}
