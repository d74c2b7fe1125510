package io.maestro.spi.transport;

import java.util.Objects;

/**
 * Who is calling: sent with every call so services can deduplicate and trace.
 *
 * @param idempotencyKey stable across retries, crash and resume, and across instances:
 *     {@code <execution-id>:<step-id>}, or {@code <execution-id>:<step-id>:compensate} for a
 *     compensation
 * @param attempt 1 for the first attempt
 */
public record CallMetadata(String executionId, String stepId, String idempotencyKey, int attempt, boolean compensation) {

    public CallMetadata {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** The key of a step's call (or of its compensation). */
    public static String idempotencyKey(String executionId, String stepId, boolean compensation) {
        return executionId + ":" + stepId + (compensation ? ":compensate" : "");
    }
}
