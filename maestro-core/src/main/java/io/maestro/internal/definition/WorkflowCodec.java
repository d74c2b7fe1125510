package io.maestro.internal.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow (and service bindings) as JSON-like data and back: the definition snapshot an
 * execution journals when it starts, so that resume runs exactly what was started, never
 * today's file. {@code decode(encode(w)).equals(w)}.
 */
public final class WorkflowCodec {

    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private WorkflowCodec() {
    }

    public static Map<String, Object> encode(Workflow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("version", w.version());
        put(m, "description", w.description());
        put(m, "timeout", duration(w.timeout()));
        Map<String, Object> defaults = new LinkedHashMap<>();
        put(defaults, "timeout", duration(w.defaults().timeout()));
        put(defaults, "retry", retry(w.defaults().retry()));
        if (!defaults.isEmpty()) {
            m.put("defaults", defaults);
        }
        if (!w.services().isEmpty()) {
            m.put("services", encodeBindings(w.services()));
        }
        m.put("steps", steps(w.steps()));
        if (!w.output().isEmpty()) {
            m.put("output", w.output());
        }
        return m;
    }

    public static Workflow decode(Map<?, ?> m) {
        Map<?, ?> d = (Map<?, ?>) m.get("defaults");
        Defaults defaults = d == null ? Defaults.NONE : new Defaults(duration(d.get("timeout")), retry((Map<?, ?>) d.get("retry")));
        Map<?, ?> services = (Map<?, ?>) m.get("services");
        @SuppressWarnings("unchecked")
        Map<String, Object> output = (Map<String, Object>) m.get("output");
        return new Workflow((String) m.get("name"), (String) m.get("version"), (String) m.get("description"),
                duration(m.get("timeout")), defaults, services == null ? Map.of() : decodeBindings(services),
                decodeSteps((List<?>) m.get("steps")), output);
    }

    /** SHA-256 of the canonical JSON of the definition. */
    public static String hash(Map<String, Object> encoded) {
        try {
            byte[] json = CANONICAL.writeValueAsString(encoded).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a workflow definition", e);
        }
    }

    public static Map<String, Object> encodeBindings(Map<String, ServiceBinding> bindings) {
        Map<String, Object> out = new LinkedHashMap<>();
        bindings.forEach((name, b) -> out.put(name, binding(b)));
        return out;
    }

    public static Map<String, ServiceBinding> decodeBindings(Map<?, ?> m) {
        Map<String, ServiceBinding> out = new LinkedHashMap<>();
        m.forEach((name, b) -> out.put((String) name, binding((Map<?, ?>) b)));
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
        Map<String, Object> m = new LinkedHashMap<>();
        if (step instanceof ParallelBlock p) {
            m.put("parallel", steps(p.branches()));
            m.put("fail_fast", p.failFast());
        } else if (step instanceof Sequence s) {
            m.put("sequence", steps(s.steps()));
        } else {
            CallStep c = (CallStep) step;
            m.put("id", c.id());
            put(m, "service", c.service());
            put(m, "method", c.method());
            put(m, "input", c.input());
            put(m, "output", c.output());
            put(m, "when", c.when());
            put(m, "timeout", duration(c.timeout()));
            put(m, "retry", retry(c.retry()));
            if (c.compensation() != null) {
                Compensation k = c.compensation();
                Map<String, Object> cm = new LinkedHashMap<>();
                put(cm, "service", k.service());
                put(cm, "method", k.method());
                put(cm, "input", k.input());
                put(cm, "retry", retry(k.retry()));
                put(cm, "timeout", duration(k.timeout()));
                m.put("compensate", cm);
            }
            m.put("on_failure", c.onFailure().name());
            m.put("idempotent", c.idempotent());
        }
        return m;
    }

    private static List<Step> decodeSteps(List<?> list) {
        List<Step> out = new ArrayList<>();
        for (Object o : list) {
            out.add(decodeStep((Map<?, ?>) o));
        }
        return out;
    }

    private static Step decodeStep(Map<?, ?> m) {
        if (m.containsKey("parallel")) {
            return new ParallelBlock(decodeSteps((List<?>) m.get("parallel")), Boolean.TRUE.equals(m.get("fail_fast")));
        }
        if (m.containsKey("sequence")) {
            return new Sequence(decodeSteps((List<?>) m.get("sequence")));
        }
        Map<?, ?> k = (Map<?, ?>) m.get("compensate");
        Compensation c = k == null ? null : new Compensation((String) k.get("service"), (String) k.get("method"), k.get("input"),
                retry((Map<?, ?>) k.get("retry")), duration(k.get("timeout")));
        return new CallStep((String) m.get("id"), (String) m.get("service"), (String) m.get("method"), m.get("input"),
                (String) m.get("output"), (String) m.get("when"), duration(m.get("timeout")), retry((Map<?, ?>) m.get("retry")), c,
                OnFailure.valueOf((String) m.get("on_failure")), !Boolean.FALSE.equals(m.get("idempotent")));
    }

    private static Map<String, Object> binding(ServiceBinding b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", b.type());
        put(m, "endpoint", b.endpoint());
        if (!b.headers().isEmpty()) {
            m.put("headers", b.headers());
        }
        put(m, "timeout", duration(b.timeout()));
        put(m, "retry", retry(b.retry()));
        CircuitBreakerSpec cb = b.circuitBreaker();
        if (cb != null) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("failure_rate", cb.failureRate());
            cm.put("failure_threshold", cb.failureThreshold());
            cm.put("minimum_calls", cb.minimumCalls());
            cm.put("open_for", duration(cb.openFor()));
            cm.put("half_open_calls", cb.halfOpenCalls());
            m.put("circuit_breaker", cm);
        }
        if (!b.options().isEmpty()) {
            m.put("options", b.options());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static ServiceBinding binding(Map<?, ?> m) {
        Map<?, ?> cm = (Map<?, ?>) m.get("circuit_breaker");
        CircuitBreakerSpec cb = cm == null ? null : new CircuitBreakerSpec(integer(cm.get("failure_rate")), integer(cm.get("failure_threshold")),
                integer(cm.get("minimum_calls")), duration(cm.get("open_for")), integer(cm.get("half_open_calls")));
        return new ServiceBinding((String) m.get("type"), (String) m.get("endpoint"), (Map<String, String>) m.get("headers"),
                duration(m.get("timeout")), retry((Map<?, ?>) m.get("retry")), cb, (Map<String, Object>) m.get("options"));
    }

    private static Map<String, Object> retry(RetrySpec r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_attempts", r.maxAttempts());
        m.put("initial", duration(r.initialDelay()));
        m.put("max", duration(r.maxDelay()));
        m.put("multiplier", r.multiplier());
        m.put("jitter", r.jitter());
        if (!r.retryOn().isEmpty()) {
            m.put("retry_on", r.retryOn());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static RetrySpec retry(Map<?, ?> m) {
        if (m == null) {
            return null;
        }
        return new RetrySpec(integer(m.get("max_attempts")), duration(m.get("initial")), duration(m.get("max")),
                ((Number) m.get("multiplier")).doubleValue(), ((Number) m.get("jitter")).doubleValue(), (List<String>) m.get("retry_on"));
    }

    private static int integer(Object o) {
        return ((Number) o).intValue();
    }

    private static String duration(Duration d) {
        return d == null ? null : d.toString();
    }

    private static Duration duration(Object o) {
        return o == null ? null : Duration.parse((String) o);
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
