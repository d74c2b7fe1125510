package io.maestro;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * This result as JSON-like data, in the shape the {@code maestro} command prints:
     * {@code execution_id, workflow, version, status, output, steps: [{id, status, attempts,
     * duration_ms, error?}], error?}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_id", executionId);
        m.put("workflow", workflow);
        m.put("version", version);
        m.put("status", status.name());
        m.put("output", output);
        List<Map<String, Object>> list = new ArrayList<>();
        for (StepResult s : steps) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.id());
            step.put("status", s.status().name());
            step.put("attempts", s.attempts());
            step.put("duration_ms", s.duration().toMillis());
            if (s.error() != null) {
                step.put("error", s.error().toMap());
            }
            list.add(step);
        }
        m.put("steps", list);
        if (error != null) {
            m.put("error", error.toMap());
        }
        return m;
    }

    public Duration duration() {
        return startedAt == null || endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
    }
}
