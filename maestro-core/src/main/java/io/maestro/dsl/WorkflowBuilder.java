package io.maestro.dsl;

import io.maestro.DefinitionException;
import io.maestro.internal.definition.WorkflowValidator;
import io.maestro.model.Defaults;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Step;
import io.maestro.model.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a {@link Workflow}. {@link #build()} validates the whole definition and reports every
 * problem at once in one {@link DefinitionException}.
 *
 * <pre>{@code
 * Workflow w = Workflow.named("greet").version("1")
 *     .step("hello", s -> s.call("greeter", "Hello").input(Map.of("name", "{{ .input.name }}")))
 *     .output(Map.of("greeting", "{{ .hello.text }}"))
 *     .build();
 * }</pre>
 */
public final class WorkflowBuilder {

    private final String name;
    private String version;
    private String description;
    private Duration timeout;
    private Duration defaultTimeout;
    private RetrySpec defaultRetry;
    private final Map<String, ServiceBinding> services = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private Map<String, Object> output;
    private Set<String> knownServices;

    public WorkflowBuilder(String name) {
        this.name = name;
    }

    public WorkflowBuilder version(String version) {
        this.version = version;
        return this;
    }

    public WorkflowBuilder description(String description) {
        this.description = description;
        return this;
    }

    /** Deadline of the whole execution. */
    public WorkflowBuilder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Per-attempt timeout of every step that does not set one. */
    public WorkflowBuilder defaultTimeout(Duration timeout) {
        this.defaultTimeout = timeout;
        return this;
    }

    /** Retry of every step that (and whose service binding) does not set one. */
    public WorkflowBuilder defaultRetry(RetrySpec retry) {
        this.defaultRetry = retry;
        return this;
    }

    /** An inline service binding; bindings given to the orchestrator win over it. */
    public WorkflowBuilder service(String serviceName, ServiceBinding binding) {
        services.put(serviceName, Objects.requireNonNull(binding, "binding"));
        return this;
    }

    /**
     * Declares every service name that will be bound, so that {@link #build()} reports steps
     * that name any other service. Without it, services are checked when the workflow runs.
     */
    public WorkflowBuilder knownServices(Set<String> names) {
        this.knownServices = Set.copyOf(names);
        return this;
    }

    /** Appends a call step. */
    public WorkflowBuilder step(String id, Consumer<StepBuilder> spec) {
        steps.add(StepBuilder.build(id, spec));
        return this;
    }

    /** Appends a parallel block. */
    public WorkflowBuilder parallel(Consumer<ParallelBuilder> spec) {
        steps.add(ParallelBuilder.build(spec));
        return this;
    }

    /** Appends an already-built step (a call step, a parallel block or a sequence). */
    public WorkflowBuilder step(Step step) {
        steps.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    /** The execution's output: a map of templates over the final context. */
    public WorkflowBuilder output(Map<String, ?> mapping) {
        this.output = new LinkedHashMap<>(mapping);
        return this;
    }

    /**
     * Validates and builds.
     *
     * @throws DefinitionException listing every problem found
     */
    public Workflow build() {
        Workflow workflow;
        try {
            workflow = new Workflow(
                    name == null ? "" : name,
                    version == null ? "" : version,
                    description,
                    timeout,
                    defaultTimeout == null && defaultRetry == null ? Defaults.NONE : new Defaults(defaultTimeout, defaultRetry),
                    services,
                    steps,
                    output);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(List.of(new io.maestro.Problem("", null, null, e.getMessage())));
        }
        WorkflowValidator.validate(workflow, knownServices).throwIfAny();
        return workflow;
    }
}
