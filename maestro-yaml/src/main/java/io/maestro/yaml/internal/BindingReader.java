package io.maestro.yaml.internal;

import io.maestro.model.NameSuggestions;
import io.maestro.model.CircuitBreakerSpec;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads service bindings ({@code services:} inline in a workflow or in a bindings file).
 *
 * <p>Types {@code http}, {@code grpc} and {@code local} are checked field by field. Any other
 * well-formed type is taken as a custom transport's: its extra fields go to the binding's
 * options unchecked, unless the type looks like a misspelling of a built-in one.
 */
final class BindingReader {

    static final String HTTP = "http";
    static final String GRPC = "grpc";
    static final Set<String> BUILT_IN_TYPES = Set.of(HTTP, GRPC, ServiceBinding.LOCAL);

    private static final List<String> COMMON = List.of("type", "endpoint", "headers", "timeout", "retry", "circuit_breaker");
    private static final List<String> HTTP_FIELDS = concat(COMMON, "max_response_size");
    private static final List<String> GRPC_FIELDS = concat(List.of("type", "endpoint", "timeout", "retry", "circuit_breaker"),
            "plaintext", "service", "descriptor_set", "metadata", "max_message_size", "ca_file", "cert_file", "key_file", "authority",
            "ignore_unknown_fields");
    private static final List<String> LOCAL_FIELDS = List.of("type", "timeout", "retry", "circuit_breaker");
    private static final List<String> CIRCUIT_BREAKER_FIELDS = List.of("failure_rate", "failure_threshold", "minimum_calls", "open_for", "half_open_calls");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*");

    /** Defaults of the circuit-breaker fields left out. */
    static final int DEFAULT_MINIMUM_CALLS = 10;
    static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);

    private final NodeReader reader;

    BindingReader(NodeReader reader) {
        this.reader = reader;
    }

    /** Every binding of a {@code services:} mapping at {@code path}; invalid ones are left out (reported). */
    Map<String, ServiceBinding> services(Node node, String path) {
        Map<String, ServiceBinding> bindings = new LinkedHashMap<>();
        Mapping services = reader.mapping(node, path, "services", null);
        if (services == null) {
            return bindings;
        }
        for (String name : services.names()) {
            Mapping.Field f = services.raw(name);
            ServiceBinding b = binding(f, name);
            if (b != null) {
                bindings.put(name, b);
            }
        }
        return bindings;
    }

    private ServiceBinding binding(Mapping.Field f, String name) {
        String what = "service '" + name + "'";
        Mapping m = reader.mapping(f.value(), f.path(), what, null);
        if (m == null) {
            return null;
        }
        Mapping.Field typeField = m.get("type");
        if (typeField == null) {
            reader.problem(m.node(), Paths.field(f.path(), "type"), what + " needs a 'type': one of grpc, http, local");
            return null;
        }
        String type = reader.string(typeField, what + " type");
        if (type == null) {
            return null;
        }
        List<String> allowed;
        switch (type) {
            case HTTP -> allowed = HTTP_FIELDS;
            case GRPC -> allowed = GRPC_FIELDS;
            case ServiceBinding.LOCAL -> allowed = LOCAL_FIELDS;
            default -> {
                String near = NameSuggestions.closest(type, BUILT_IN_TYPES);
                if (near != null || !TYPE.matcher(type).matches()) {
                    reader.problem(typeField.value(), typeField.path(), "unknown service type '" + type + "' for " + what
                            + (near != null ? " (did you mean '" + near + "'?)" : "")
                            + "; built-in types: grpc, http, local (a custom transport's type must be lower-case letters, digits, '_' or '-')");
                    return null;
                }
                allowed = null;
            }
        }
        boolean ok = true;
        if (allowed != null) {
            for (String field : m.names()) {
                if (!allowed.contains(field)) {
                    Mapping.Field bad = m.raw(field);
                    String hint = field.equals("headers") && type.equals(GRPC) ? " (gRPC bindings use 'metadata')"
                            : field.equals("metadata") && type.equals(HTTP) ? " (HTTP bindings use 'headers')"
                            : field.equals("endpoint") && type.equals(ServiceBinding.LOCAL) ? " (a local service is served in-process)"
                            : NameSuggestions.didYouMean(field, allowed);
                    reader.problem(bad.key(), bad.path(), "unknown field '" + field + "' for a " + type + " service '" + name + "'" + hint
                            + "; expected one of: " + String.join(", ", allowed));
                    ok = false;
                }
            }
        }
        String endpoint = null;
        Mapping.Field ep = m.get("endpoint");
        if (ep != null) {
            endpoint = reader.string(ep, what + " endpoint");
            ok &= endpoint != null;
            if (endpoint != null && endpoint.isBlank()) {
                reader.problem(ep.value(), ep.path(), what + " endpoint must not be blank");
                ok = false;
            }
        } else if (type.equals(HTTP) || type.equals(GRPC)) {
            reader.problem(m.node(), Paths.field(f.path(), "endpoint"), "a " + type + " service needs an 'endpoint'"
                    + (type.equals(HTTP) ? ", such as \"http://localhost:8081\"" : ", such as \"localhost:50051\"") + " (service '" + name + "')");
            ok = false;
        }
        if (endpoint != null && type.equals(HTTP) && !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            reader.problem(ep.value(), ep.path(), what + " endpoint must start with http:// or https://, got '" + endpoint + "'");
            ok = false;
        }
        Map<String, String> headers = null;
        Mapping.Field hf = m.get("headers");
        if (hf != null && (allowed == null || allowed.contains("headers"))) {
            headers = stringMap(hf, what + " headers");
            ok &= headers != null;
        }
        Duration timeout = null;
        Mapping.Field tf = m.get("timeout");
        if (tf != null) {
            timeout = reader.duration(tf, what + " timeout");
            ok &= timeout != null;
        }
        RetrySpec retry = null;
        Mapping.Field rf = m.get("retry");
        if (rf != null) {
            retry = reader.retry(rf);
            ok &= retry != null;
        }
        CircuitBreakerSpec breaker = null;
        Mapping.Field cf = m.get("circuit_breaker");
        if (cf != null) {
            breaker = circuitBreaker(cf, what);
            ok &= breaker != null;
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (String field : m.names()) {
            if (COMMON.contains(field) || (allowed != null && !allowed.contains(field))) {
                continue;
            }
            Mapping.Field o = m.get(field);
            if (o == null) {
                continue;
            }
            Object value = option(type, o, what);
            if (value == null) {
                ok = false;
            } else {
                options.put(field, value);
            }
        }
        if (type.equals(GRPC)) {
            ok &= checkTls(m, options, what);
        }
        if (!ok) {
            return null;
        }
        return new ServiceBinding(type, endpoint, headers, timeout, retry, breaker, options);
    }

    private Object option(String type, Mapping.Field o, String what) {
        if (type.equals(HTTP) || type.equals(GRPC)) {
            return switch (o.name()) {
                case "max_response_size", "max_message_size" -> reader.size(o, what + " " + o.name());
                case "plaintext", "ignore_unknown_fields" -> reader.bool(o, what + " " + o.name());
                case "metadata" -> stringMap(o, what + " metadata");
                default -> reader.string(o, what + " " + o.name());
            };
        }
        return reader.json(o.value(), o.path());
    }

    private boolean checkTls(Mapping m, Map<String, Object> options, String what) {
        boolean ok = true;
        if (Boolean.TRUE.equals(options.get("plaintext"))) {
            for (String tls : List.of("ca_file", "cert_file", "key_file")) {
                if (options.containsKey(tls)) {
                    reader.problem(m.get(tls).key(), m.get(tls).path(), what + " sets " + tls + " but also plaintext: true; TLS settings need plaintext: false");
                    ok = false;
                }
            }
        }
        if (options.containsKey("cert_file") != options.containsKey("key_file")) {
            Mapping.Field f = m.get(options.containsKey("cert_file") ? "cert_file" : "key_file");
            reader.problem(f.key(), f.path(), what + " needs both cert_file and key_file for a client certificate");
            ok = false;
        }
        return ok;
    }

    private Map<String, String> stringMap(Mapping.Field f, String what) {
        Mapping m = reader.mapping(f.value(), f.path(), what, null);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (String name : m.names()) {
            Mapping.Field h = m.raw(name);
            String v = reader.text(h.value(), h.path(), what + " '" + name + "'");
            if (v == null) {
                ok = false;
            } else {
                out.put(name, v);
            }
        }
        return ok ? out : null;
    }

    private CircuitBreakerSpec circuitBreaker(Mapping.Field f, String what) {
        Mapping m = reader.mapping(f.value(), f.path(), what + " circuit_breaker", CIRCUIT_BREAKER_FIELDS);
        if (m == null) {
            return null;
        }
        boolean ok = true;
        Integer rate = null;
        Integer threshold = null;
        if (m.get("failure_rate") != null) {
            rate = reader.integer(m.get("failure_rate"), "circuit_breaker failure_rate (a percentage)", 1, 100);
            ok &= rate != null;
        }
        if (m.get("failure_threshold") != null) {
            threshold = reader.integer(m.get("failure_threshold"), "circuit_breaker failure_threshold", 1, Integer.MAX_VALUE);
            ok &= threshold != null;
        }
        if (m.get("failure_rate") != null && m.get("failure_threshold") != null) {
            reader.problem(m.get("failure_threshold").key(), m.get("failure_threshold").path(),
                    what + " circuit_breaker sets both failure_rate and failure_threshold; choose one");
            ok = false;
        } else if (m.get("failure_rate") == null && m.get("failure_threshold") == null) {
            reader.problem(m.node(), f.path(), what + " circuit_breaker needs failure_rate (percent of calls) or failure_threshold (consecutive failures)");
            ok = false;
        }
        int minimumCalls = threshold != null ? threshold : DEFAULT_MINIMUM_CALLS;
        if (m.get("minimum_calls") != null) {
            Integer v = reader.integer(m.get("minimum_calls"), "circuit_breaker minimum_calls", 1, Integer.MAX_VALUE);
            ok &= v != null;
            minimumCalls = v == null ? minimumCalls : v;
        }
        Duration openFor = DEFAULT_OPEN_FOR;
        if (m.get("open_for") != null) {
            Duration v = reader.duration(m.get("open_for"), "circuit_breaker open_for");
            if (v != null && (v.isZero() || v.isNegative())) {
                reader.problem(m.get("open_for").value(), m.get("open_for").path(), "circuit_breaker open_for must be positive");
                v = null;
            }
            ok &= v != null;
            openFor = v == null ? openFor : v;
        }
        int halfOpen = 1;
        if (m.get("half_open_calls") != null) {
            Integer v = reader.integer(m.get("half_open_calls"), "circuit_breaker half_open_calls", 1, Integer.MAX_VALUE);
            ok &= v != null;
            halfOpen = v == null ? halfOpen : v;
        }
        if (!ok) {
            return null;
        }
        try {
            return new CircuitBreakerSpec(rate == null ? 0 : rate, threshold == null ? 0 : threshold, minimumCalls, openFor, halfOpen);
        } catch (IllegalArgumentException e) {
            reader.problem(m.node(), f.path(), e.getMessage());
            return null;
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
