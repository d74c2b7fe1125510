package io.maestro;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An execution whose start the state store has recorded (see
 * {@link Orchestrator#submit(io.maestro.model.Workflow, Object, String)}). Immutable.
 *
 * @param executionId the execution's id
 * @param created true if this call started it; false if an execution with this id, input and
 *     definition already existed (started again idempotently)
 * @param result completes when the execution ends
 */
public record Submission(String executionId, boolean created, CompletionStage<ExecutionResult> result) {

    public Submission {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(result, "result");
    }
}
