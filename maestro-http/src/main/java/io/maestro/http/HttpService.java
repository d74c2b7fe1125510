package io.maestro.http;

import io.maestro.http.internal.BindingOptions;
import io.maestro.http.internal.Endpoint;
import io.maestro.http.internal.HeaderTemplate;
import io.maestro.model.CircuitBreakerSpec;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds {@code type: http} {@link ServiceBinding}s, served by {@link HttpTransport}.
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder()
 *     .service("credit_bureau", HttpService.of("http://localhost:8081"))
 *     .service("fraud_detection", HttpService.builder("https://fraud.internal:8443/v2")
 *         .header("X-Client", "maestro")
 *         .header("X-Tenant", "{{ .input.tenant }}")
 *         .timeout(Duration.ofSeconds(2))
 *         .maxResponseSize(1024 * 1024)
 *         .trustStore(Path.of("fraud-ca.pem"), null)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>The same binding in YAML; every transport-specific setting is one of the {@code options}
 * keys below, written at the binding's top level:
 *
 * <pre>{@code
 * services:
 *   fraud_detection:
 *     type: http
 *     endpoint: "https://fraud.internal:8443/v2"
 *     headers: { X-Client: maestro, X-Tenant: "{{ .input.tenant }}" }
 *     timeout: 2s
 *     max_response_size: 1MiB          # bytes, or a number with B, KB, KiB, MB, MiB, GB, GiB
 *     trust_store: fraud-ca.pem        # PKCS12, JKS or PEM certificates
 *     trust_store_password: changeit   # not needed for PEM
 *     trust_store_type: PKCS12         # optional: PKCS12 (default, also reads JKS), JKS or PEM
 * }</pre>
 *
 * <p>Endpoints are {@code http} or {@code https} URLs, optionally with a base path, without
 * query or fragment. TLS always verifies the server's certificate chain and host name; a
 * custom trust store replaces (does not add to) the JDK's default trusted certificates for that
 * binding. Header values may hold {@code {{ .input.<path> }}} templates over the step input only
 * (see {@link HttpTransport}). Note that a trust store password set here is part of the binding,
 * which the engine may record with an execution: prefer PEM trust files, which need none.
 */
public final class HttpService {

    /** The binding type served by {@link HttpTransport}. */
    public static final String TYPE = "http";

    /** Option: the largest response body accepted, in bytes (default 10 MiB). */
    public static final String MAX_RESPONSE_SIZE = "max_response_size";

    /** Option: the path of a trust store (PKCS12, JKS, or PEM certificates) for {@code https}. */
    public static final String TRUST_STORE = "trust_store";

    /** Option: the trust store's password; not needed for PEM. */
    public static final String TRUST_STORE_PASSWORD = "trust_store_password";

    /**
     * Option: the trust store's type, {@code PKCS12}, {@code JKS} or {@code PEM}. Default: PEM
     * for files ending in {@code .pem}, {@code .crt} or {@code .cer}, otherwise PKCS12 (which
     * also reads JKS files).
     */
    public static final String TRUST_STORE_TYPE = "trust_store_type";

    /** The default of {@link #MAX_RESPONSE_SIZE}: 10 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = BindingOptions.DEFAULT_MAX_RESPONSE_SIZE;

    /** Headers the transport sets on every request; a binding may not set them. */
    static final Set<String> RESERVED_HEADERS = Set.of(
            "idempotency-key", "x-maestro-execution-id", "x-maestro-step-id", "x-maestro-attempt");

    /** Headers {@code java.net.http} sets itself and refuses to take from callers. */
    static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private HttpService() {
    }

    /**
     * A binding with default settings.
     *
     * @param endpoint the base URL, e.g. {@code http://localhost:8081} or
     *     {@code https://api.example.com/v1}
     * @throws IllegalArgumentException if the endpoint is not an http(s) URL with a host
     */
    public static ServiceBinding of(String endpoint) {
        return builder(endpoint).build();
    }

    /** Starts a binding; see {@link Builder}. */
    public static Builder builder(String endpoint) {
        return new Builder(endpoint);
    }

    /**
     * Configures one HTTP binding. Mutable and not thread-safe; the {@link ServiceBinding} it
     * builds is immutable. Every method fails fast on an invalid value.
     */
    public static final class Builder {

        private final String endpoint;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, Object> options = new LinkedHashMap<>();
        private Duration timeout;
        private RetrySpec retry;
        private CircuitBreakerSpec circuitBreaker;

        private Builder(String endpoint) {
            Endpoint.parse(endpoint); // throws IllegalArgumentException with the reason
            this.endpoint = endpoint;
        }

        /**
         * A header sent with every call of this service. The value may hold
         * {@code {{ .input.<path> }}} templates over the step input; a value that renders empty
         * is not sent.
         *
         * @throws IllegalArgumentException for a header the transport sets itself
         *     ({@code Idempotency-Key}, {@code X-Maestro-*}), one {@code java.net.http} refuses
         *     ({@code Host}, {@code Connection}, {@code Content-Length}, {@code Expect},
         *     {@code Upgrade}), or an invalid template
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value of " + name);
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.isBlank() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("invalid header name '" + name + "'");
            }
            if (RESERVED_HEADERS.contains(lower)) {
                throw new IllegalArgumentException("header " + name + " is set by Maestro on every call and cannot be bound");
            }
            if (RESTRICTED_HEADERS.contains(lower)) {
                throw new IllegalArgumentException("header " + name + " is managed by the HTTP client and cannot be bound");
            }
            HeaderTemplate.parse(value);
            headers.put(name, value);
            return this;
        }

        /** Several headers; see {@link #header}. */
        public Builder headers(Map<String, String> values) {
            values.forEach(this::header);
            return this;
        }

        /** Per-attempt timeout of this service's calls (a step's own timeout wins). */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + value);
            }
            this.timeout = value;
            return this;
        }

        /** The largest response body accepted, in bytes; larger ones fail with {@code response_too_large}. */
        public Builder maxResponseSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max response size must be positive, got " + bytes);
            }
            options.put(MAX_RESPONSE_SIZE, bytes);
            return this;
        }

        /**
         * Trusts the certificates of this store (instead of the JDK's defaults) for this
         * binding's {@code https} endpoint. The type is guessed from the file name (see
         * {@link #TRUST_STORE_TYPE}). The file is read when the service is first called.
         *
         * @param password the store's password, or {@code null} (PEM files need none)
         */
        public Builder trustStore(Path path, String password) {
            Objects.requireNonNull(path, "trust store path");
            options.put(TRUST_STORE, path.toString());
            if (password == null) {
                options.remove(TRUST_STORE_PASSWORD);
            } else {
                options.put(TRUST_STORE_PASSWORD, password);
            }
            return this;
        }

        /** As {@link #trustStore(Path, String)}, with an explicit type: PKCS12, JKS or PEM. */
        public Builder trustStore(Path path, String password, String type) {
            trustStore(path, password);
            options.put(TRUST_STORE_TYPE, BindingOptions.trustStoreType(type));
            return this;
        }

        /** Retry of this service's calls (a step's own retry wins). */
        public Builder retry(RetrySpec value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /** A circuit breaker shared by every call of this service in one orchestrator. */
        public Builder circuitBreaker(CircuitBreakerSpec value) {
            this.circuitBreaker = Objects.requireNonNull(value, "circuitBreaker");
            return this;
        }

        public ServiceBinding build() {
            return new ServiceBinding(TYPE, endpoint, headers, timeout, retry, circuitBreaker, options);
        }

        private static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
