package io.maestro.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a named service lives and how to call it. {@code type} picks the transport
 * ({@code http}, {@code grpc}, {@code local}, or any type a registered transport supports);
 * {@code options} holds transport-specific settings (for gRPC: {@code plaintext},
 * {@code service}, {@code descriptor_set}). {@code timeout}, {@code retry} and
 * {@code circuitBreaker} are optional and apply to every call of the service.
 *
 * <pre>{@code
 * ServiceBinding b = ServiceBinding.of("http", "http://localhost:8081")
 *     .withHeader("X-Client", "maestro")
 *     .withTimeout(Duration.ofSeconds(2));
 * }</pre>
 */
public record ServiceBinding(
        String type,
        String endpoint,
        Map<String, String> headers,
        Duration timeout,
        RetrySpec retry,
        CircuitBreakerSpec circuitBreaker,
        Map<String, Object> options) {

    /** The type of bindings served by Java handlers registered in-process. */
    public static final String LOCAL = "local";

    public ServiceBinding {
        Objects.requireNonNull(type, "type");
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = options == null ? Map.of() : (Map<String, Object>) JsonValues.immutableCopy(options);
        options = copy;
    }

    public static ServiceBinding of(String type, String endpoint) {
        return new ServiceBinding(type, endpoint, Map.of(), null, null, null, Map.of());
    }

    /** A binding served in-process by the in-memory transport. */
    public static ServiceBinding local() {
        return of(LOCAL, null);
    }

    public ServiceBinding withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ServiceBinding(type, endpoint, h, timeout, retry, circuitBreaker, options);
    }

    public ServiceBinding withTimeout(Duration value) {
        return new ServiceBinding(type, endpoint, headers, value, retry, circuitBreaker, options);
    }

    public ServiceBinding withRetry(RetrySpec value) {
        return new ServiceBinding(type, endpoint, headers, timeout, value, circuitBreaker, options);
    }

    public ServiceBinding withCircuitBreaker(CircuitBreakerSpec value) {
        return new ServiceBinding(type, endpoint, headers, timeout, retry, value, options);
    }

    public ServiceBinding withOption(String name, Object value) {
        Map<String, Object> o = new LinkedHashMap<>(options);
        o.put(name, value);
        return new ServiceBinding(type, endpoint, headers, timeout, retry, circuitBreaker, o);
    }
}
