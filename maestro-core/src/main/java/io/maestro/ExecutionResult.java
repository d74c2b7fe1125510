package io.maestro;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of an execution: its status, its output, and a record of every call step in
 * definition order.
 *
 * <pre>{@code
 * ExecutionResult r = orchestrator.run(workflow, Map.of("applicant_id", "A-17"));
 * if (r.status() == ExecutionStatus.COMPLETED) {
 *     Object decision = ((Map<?, ?>) r.output()).get("decision");
 * }
 * }</pre>
 *
 * @param output the workflow's {@code output} mapping evaluated over the final context, or
 *     without one every bound step output; {@code null} unless COMPLETED
 * @param error the failure that ended the execution, or {@code null}
 */
public record ExecutionResult(
        String executionId,
        String workflow,
        String version,
        ExecutionStatus status,
        Object output,
        List<StepResult> steps,
        ErrorInfo error,
        Instant startedAt,
        Instant endedAt) {

    public ExecutionResult {
        steps = List.copyOf(steps);
    }

    public Optional<StepResult> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Duration duration() {
        return startedAt == null || endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
    }
}
