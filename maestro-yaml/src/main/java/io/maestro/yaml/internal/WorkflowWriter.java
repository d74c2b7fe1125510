package io.maestro.yaml.internal;

import io.maestro.model.CallStep;
import io.maestro.model.CircuitBreakerSpec;
import io.maestro.model.Compensation;
import io.maestro.model.Defaults;
import io.maestro.model.OnFailure;
import io.maestro.model.ParallelBlock;
import io.maestro.model.RetrySpec;
import io.maestro.model.Sequence;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Step;
import io.maestro.model.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the model back as workflow YAML: absent fields and defaults left out, durations in
 * their short form, so that reading the text gives an equal model.
 */
public final class WorkflowWriter {

    private WorkflowWriter() {
    }

    public static String write(Workflow w) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", w.name());
        doc.put("version", w.version());
        putIfPresent(doc, "description", w.description());
        if (w.timeout() != null) {
            doc.put("timeout", Durations.format(w.timeout()));
        }
        Defaults d = w.defaults();
        if (d != null && (d.timeout() != null || d.retry() != null)) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            if (d.timeout() != null) {
                defaults.put("timeout", Durations.format(d.timeout()));
            }
            if (d.retry() != null) {
                defaults.put("retry", retry(d.retry()));
            }
            doc.put("defaults", defaults);
        }
        if (!w.services().isEmpty()) {
            doc.put("services", bindings(w.services()));
        }
        doc.put("steps", steps(w.steps()));
        if (!w.output().isEmpty()) {
            doc.put("output", copy(w.output()));
        }
        return yaml().dump(doc);
    }

    /** A bindings file: {@code services:} and each binding. */
    public static String writeBindings(Map<String, ServiceBinding> services) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("services", bindings(services));
        return yaml().dump(doc);
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setSplitLines(false);
        o.setWidth(4096);
        return new Yaml(o);
    }

    private static Map<String, Object> bindings(Map<String, ServiceBinding> services) {
        Map<String, Object> out = new LinkedHashMap<>();
        services.forEach((name, b) -> out.put(name, binding(b)));
        return out;
    }

    private static Map<String, Object> binding(ServiceBinding b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", b.type());
        putIfPresent(out, "endpoint", b.endpoint());
        if (!b.headers().isEmpty()) {
            out.put("headers", new LinkedHashMap<>(b.headers()));
        }
        if (b.timeout() != null) {
            out.put("timeout", Durations.format(b.timeout()));
        }
        if (b.retry() != null) {
            out.put("retry", retry(b.retry()));
        }
        if (b.circuitBreaker() != null) {
            out.put("circuit_breaker", circuitBreaker(b.circuitBreaker()));
        }
        b.options().forEach((k, v) -> out.put(k, copy(v)));
        return out;
    }

    private static Map<String, Object> circuitBreaker(CircuitBreakerSpec cb) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (cb.failureRate() > 0) {
            out.put("failure_rate", cb.failureRate());
            if (cb.minimumCalls() != BindingReader.DEFAULT_MINIMUM_CALLS) {
                out.put("minimum_calls", cb.minimumCalls());
            }
        } else {
            out.put("failure_threshold", cb.failureThreshold());
            if (cb.minimumCalls() != cb.failureThreshold()) {
                out.put("minimum_calls", cb.minimumCalls());
            }
        }
        out.put("open_for", Durations.format(cb.openFor()));
        if (cb.halfOpenCalls() != 1) {
            out.put("half_open_calls", cb.halfOpenCalls());
        }
        return out;
    }

    static Object retry(RetrySpec r) {
        if (r.equals(RetrySpec.none())) {
            return "none";
        }
        RetrySpec d = RetrySpec.DEFAULT;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_attempts", r.maxAttempts());
        Map<String, Object> backoff = new LinkedHashMap<>();
        if (!r.initialDelay().equals(d.initialDelay())) {
            backoff.put("initial", Durations.format(r.initialDelay()));
        }
        if (!r.maxDelay().equals(d.maxDelay())) {
            backoff.put("max", Durations.format(r.maxDelay()));
        }
        if (r.multiplier() != d.multiplier()) {
            backoff.put("multiplier", r.multiplier());
        }
        if (r.jitter() != d.jitter()) {
            backoff.put("jitter", r.jitter());
        }
        if (!backoff.isEmpty()) {
            out.put("backoff", backoff);
        }
        if (!r.retryOn().isEmpty()) {
            out.put("retry_on", new ArrayList<>(r.retryOn()));
        }
        return out;
    }

    private static List<Object> steps(List<Step> steps) {
        List<Object> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(step(s));
        }
        return out;
    }

    private static Map<String, Object> step(Step step) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (step instanceof ParallelBlock p) {
            out.put("parallel", steps(p.branches()));
            if (!p.failFast()) {
                out.put("fail_fast", false);
            }
        } else if (step instanceof Sequence s) {
            out.put("sequence", steps(s.steps()));
        } else {
            CallStep c = (CallStep) step;
            out.put("id", c.id());
            putIfPresent(out, "when", c.when());
            putIfPresent(out, "service", c.service());
            putIfPresent(out, "method", c.method());
            if (c.input() != null) {
                out.put("input", copy(c.input()));
            }
            putIfPresent(out, "output", c.output());
            if (c.timeout() != null) {
                out.put("timeout", Durations.format(c.timeout()));
            }
            if (c.retry() != null) {
                out.put("retry", retry(c.retry()));
            }
            if (c.compensation() != null) {
                out.put("compensate", compensation(c.compensation()));
            }
            if (c.onFailure() == OnFailure.CONTINUE) {
                out.put("on_failure", "continue");
            }
            if (!c.idempotent()) {
                out.put("idempotent", false);
            }
        }
        return out;
    }

    private static Map<String, Object> compensation(Compensation c) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfPresent(out, "service", c.service());
        putIfPresent(out, "method", c.method());
        if (c.input() != null) {
            out.put("input", copy(c.input()));
        }
        if (c.retry() != null) {
            out.put("retry", retry(c.retry()));
        }
        if (c.timeout() != null) {
            out.put("timeout", Durations.format(c.timeout()));
        }
        return out;
    }

    /** Mutable copies, so that the dumper sees plain maps and lists. */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
