package io.maestro.internal.engine;

import io.maestro.DefinitionException;
import io.maestro.Problem;
import io.maestro.internal.definition.Problems;
import io.maestro.internal.definition.WorkflowCodec;
import io.maestro.internal.expression.Template;
import io.maestro.internal.policy.CircuitBreakers;
import io.maestro.internal.policy.RetryPolicies;
import io.maestro.model.CallStep;
import io.maestro.model.Compensation;
import io.maestro.model.Defaults;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A workflow compiled for one orchestrator: every template compiled once, every step's
 * binding, transport, retry, timeout and breaker resolved. Immutable and shared.
 */
final class CompiledWorkflow {

    final Workflow workflow;
    final Map<String, StepPlan> plans;
    final Map<String, ValueTemplate> output;
    final List<CallStep> callSteps;
    /** The definition as journaled when an execution starts, and its hash. */
    final Map<String, Object> definition;
    final String definitionHash;
    /** Every service as bound for this workflow, journaled too (resume falls back on them). */
    final Map<String, Object> bindingsSnapshot;

    private CompiledWorkflow(Workflow workflow, Map<String, StepPlan> plans, Map<String, ValueTemplate> output) {
        this.workflow = workflow;
        this.plans = plans;
        this.output = output;
        this.callSteps = workflow.callSteps();
        this.definition = WorkflowCodec.encode(workflow);
        this.definitionHash = WorkflowCodec.hash(definition);
        Map<String, ServiceBinding> bound = new java.util.TreeMap<>();
        for (StepPlan p : plans.values()) {
            bound.put(p.service(), p.binding());
            if (p.compensate() != null) {
                bound.put(p.compensate().service(), p.compensate().binding());
            }
        }
        this.bindingsSnapshot = WorkflowCodec.encodeBindings(bound);
    }

    /**
     * @param bindings the orchestrator's bindings (they win over the workflow's inline ones)
     * @param transportFor the transport serving a binding type, or null
     * @param unboundTransport the transport serving a service that has no binding, or null
     * @throws DefinitionException listing every service that cannot be reached
     */
    static CompiledWorkflow compile(Workflow workflow, Map<String, ServiceBinding> bindings, Defaults orchestratorDefaults,
            Function<String, Transport> transportFor, Function<String, Transport> unboundTransport, CircuitBreakers breakers) {
        Problems problems = new Problems();
        Map<String, StepPlan> plans = new HashMap<>();
        Map<String, Resolved> services = new HashMap<>();
        Function<String, Resolved> resolve = name -> services.computeIfAbsent(name, n -> {
            ServiceBinding b = bindings.containsKey(n) ? bindings.get(n) : workflow.services().get(n);
            if (b == null) {
                Transport t = unboundTransport.apply(n);
                return t == null ? null : new Resolved(ServiceBinding.local(), t);
            }
            Transport t = transportFor.apply(b.type());
            return t == null ? new Resolved(b, null) : new Resolved(b, t);
        });
        for (CallStep step : workflow.callSteps()) {
            Resolved r = reachable(resolve.apply(step.service()), step.service(), step.id(), "service", problems);
            StepPlan compensate = null;
            Compensation c = step.compensation();
            if (c != null) {
                String cService = c.service() == null ? step.service() : c.service();
                Resolved cr = reachable(resolve.apply(cService), cService, step.id(), "compensate.service", problems);
                if (cr != null) {
                    RetrySpec retry = c.retry() != null ? c.retry() : RetrySpec.COMPENSATION_DEFAULT;
                    Duration timeout = first(c.timeout(), cr.binding.timeout(), workflow.defaults().timeout(), orchestratorDefaults.timeout());
                    compensate = new StepPlan(step, cService, c.method(), cr.binding, cr.transport, null,
                            c.input() == null ? null : ValueTemplate.compile(c.input()), retry, policy(retry), timeout,
                            breakers.of(cService, cr.binding.circuitBreaker()), true, null);
                }
            }
            if (r != null) {
                RetrySpec retry = first(step.retry(), r.binding.retry(), workflow.defaults().retry(), orchestratorDefaults.retry(), RetrySpec.DEFAULT);
                Duration timeout = first(step.timeout(), r.binding.timeout(), workflow.defaults().timeout(), orchestratorDefaults.timeout());
                plans.put(step.id(), new StepPlan(step, step.service(), step.method(), r.binding, r.transport,
                        step.when() == null ? null : Template.parse(step.when()),
                        step.input() == null ? null : ValueTemplate.compile(step.input()),
                        retry, policy(retry), timeout, breakers.of(step.service(), r.binding.circuitBreaker()), false, compensate));
            }
        }
        problems.throwIfAny();
        Map<String, ValueTemplate> output = new LinkedHashMap<>();
        workflow.output().forEach((k, v) -> output.put(k, ValueTemplate.compile(v)));
        return new CompiledWorkflow(workflow, Map.copyOf(plans), output);
    }

    private static Resolved reachable(Resolved r, String service, String stepId, String field, Problems problems) {
        if (r == null) {
            problems.add(new Problem("", stepId, field, "service '" + service
                    + "' has no binding: bind it on the orchestrator builder, in the workflow's services, or register an in-memory handler for it"));
            return null;
        }
        if (r.transport == null) {
            problems.add(new Problem("", stepId, field, "no transport serves type '" + r.binding.type() + "' of service '" + service
                    + "': add the maestro-" + r.binding.type() + " module to the class path or register a transport"));
            return null;
        }
        return r;
    }

    private static dev.failsafe.RetryPolicy<Object> policy(RetrySpec spec) {
        return spec.retries() ? RetryPolicies.of(spec) : null;
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private record Resolved(ServiceBinding binding, Transport transport) {
    }
}
