package io.maestro.model;

import io.maestro.dsl.WorkflowBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow definition: immutable, thread-safe and validated. Build one with the fluent DSL
 * or load it from YAML ({@code YamlWorkflows.load}); both produce equal values.
 *
 * <pre>{@code
 * Workflow loan = Workflow.named("loan_processing").version("1.0")
 *     .step("verify_identity", s -> s.call("kyc_service", "VerifyIdentity").output("identity"))
 *     .parallel(p -> p
 *         .step("credit_check", s -> s.call("credit_bureau", "GetCreditScore").output("credit_score"))
 *         .step("fraud_check", s -> s.call("fraud_detection", "AnalyzeRisk").output("fraud_risk")))
 *     .build();
 * }</pre>
 *
 * <p>{@code description} and {@code timeout} may be {@code null}; {@code output} is empty when
 * the workflow declares none (the execution's output is then every bound step output).
 */
public record Workflow(
        String name,
        String version,
        String description,
        Duration timeout,
        Defaults defaults,
        Map<String, ServiceBinding> services,
        List<Step> steps,
        Map<String, Object> output) {

    public Workflow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        defaults = defaults == null ? Defaults.NONE : defaults;
        services = services == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(services));
        steps = List.copyOf(steps);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = output == null ? Map.of() : (Map<String, Object>) JsonValues.immutableCopy(output);
        output = out;
    }

    /** Starts a fluent definition. */
    public static WorkflowBuilder named(String name) {
        return new WorkflowBuilder(name);
    }

    /**
     * Everything wrong with this definition (the DSL's {@code build()} already throws for these;
     * a loader that builds records directly calls this).
     *
     * @param knownServices every service name that will be bound, or {@code null} to skip that check
     */
    public List<io.maestro.Problem> validate(java.util.Set<String> knownServices) {
        return io.maestro.internal.definition.WorkflowValidator.validate(this, knownServices).list();
    }

    /** Every call step, depth first, in definition order. */
    public List<CallStep> callSteps() {
        List<CallStep> all = new ArrayList<>();
        collect(steps, all);
        return Collections.unmodifiableList(all);
    }

    /** The call step with this id, or {@code null}. */
    public CallStep callStep(String id) {
        for (CallStep s : callSteps()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    private static void collect(List<Step> steps, List<CallStep> into) {
        for (Step step : steps) {
            if (step instanceof CallStep c) {
                into.add(c);
            } else if (step instanceof ParallelBlock p) {
                collect(p.branches(), into);
            } else if (step instanceof Sequence s) {
                collect(s.steps(), into);
            }
        }
    }
}
