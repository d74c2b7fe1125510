package io.maestro.grpc;

import io.maestro.grpc.internal.GrpcSettings;
import io.maestro.model.CircuitBreakerSpec;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@code type: grpc} {@link ServiceBinding}s, served by {@link GrpcTransport}: a gRPC
 * server known only by its address, whose methods are described by server reflection or by a
 * descriptor-set file. No generated stubs are needed, so the server may be written in any
 * language.
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder()
 *     .service("kyc_service", GrpcService.reflective("kyc.internal:443"))           // TLS, reflection
 *     .service("fraud_detection", GrpcService.builder("localhost:50052")
 *         .plaintext()
 *         .service("fraud.v1.FraudDetection")              // look methods up in this service only
 *         .metadata("x-client", "maestro")
 *         .timeout(Duration.ofSeconds(2))
 *         .build())
 *     .service("loan_service", GrpcService.fromDescriptorSet("loans:443", Path.of("loan.pb")))
 *     .build();
 * }</pre>
 *
 * <p>The same bindings in YAML; each transport-specific setting is one of the option keys below,
 * written at the binding's top level:
 *
 * <pre>{@code
 * services:
 *   fraud_detection:
 *     type: grpc
 *     endpoint: "localhost:50052"      # host:port, or any gRPC target such as dns:///host:port
 *     plaintext: true                  # default false: TLS
 *     service: fraud.v1.FraudDetection # optional
 *     descriptor_set: fraud.pb         # optional; default: server reflection
 *     metadata: { x-client: maestro }
 *     max_message_size: 8MiB           # largest request or response; default 4 MiB (gRPC's)
 *     ca_file: ca.pem                  # TLS: trust these certificates instead of the JDK's
 *     cert_file: client.pem            # TLS: client certificate chain (with key_file)
 *     key_file: client.key             # TLS: its PKCS#8 private key
 *     authority: fraud.internal        # the :authority and TLS host name to expect
 *     ignore_unknown_fields: false     # true: drop input fields the request message lacks
 * }</pre>
 *
 * <p>A descriptor set is a serialized {@code google.protobuf.FileDescriptorSet}, as written by
 * {@code protoc --include_imports --descriptor_set_out=fraud.pb fraud.proto} or
 * {@code buf build -o fraud.pb}; it must hold the files the services' files import. Relative
 * paths are resolved against the working directory.
 */
public final class GrpcService {

    /** The binding type served by {@link GrpcTransport}. */
    public static final String TYPE = "grpc";

    /** Option: {@code true} for a cleartext (h2c) connection; default {@code false}, TLS. */
    public static final String PLAINTEXT = GrpcSettings.PLAINTEXT;

    /** Option: the full name of the service whose methods steps call, e.g. {@code kyc.v1.KycService}. */
    public static final String SERVICE = GrpcSettings.SERVICE;

    /** Option: the path of a descriptor-set file describing the services (instead of server reflection). */
    public static final String DESCRIPTOR_SET = GrpcSettings.DESCRIPTOR_SET;

    /** Option: a map of metadata (headers) sent with every call; keys are lower-cased. */
    public static final String METADATA = GrpcSettings.METADATA;

    /** Option: the largest request or response message accepted, in bytes or as a size such as {@code 8MiB}. */
    public static final String MAX_MESSAGE_SIZE = GrpcSettings.MAX_MESSAGE_SIZE;

    /** Option: a PEM file of the certificates to trust for TLS, instead of the JDK's defaults. */
    public static final String CA_FILE = GrpcSettings.CA_FILE;

    /** Option: a PEM file of the client's certificate chain, for mutual TLS (needs {@link #KEY_FILE}). */
    public static final String CERT_FILE = GrpcSettings.CERT_FILE;

    /** Option: a PEM file of the client's PKCS#8 private key, for mutual TLS (needs {@link #CERT_FILE}). */
    public static final String KEY_FILE = GrpcSettings.KEY_FILE;

    /** Option: the authority (virtual host, and the host name TLS verifies) to use instead of the endpoint's. */
    public static final String AUTHORITY = GrpcSettings.AUTHORITY;

    /** Option: {@code true} to drop input fields the request message does not have, instead of failing the call. */
    public static final String IGNORE_UNKNOWN_FIELDS = GrpcSettings.IGNORE_UNKNOWN_FIELDS;

    private GrpcService() {
    }

    /**
     * A TLS binding whose methods are described by the server's reflection service
     * ({@code grpc.reflection.v1}, or {@code v1alpha}).
     *
     * @param endpoint {@code host:port}, or a gRPC target such as {@code dns:///host:port}
     * @throws IllegalArgumentException for an endpoint that is blank or a URL
     */
    public static ServiceBinding reflective(String endpoint) {
        return builder(endpoint).build();
    }

    /**
     * A TLS binding whose methods are described by a descriptor-set file (read on the first call).
     *
     * @throws IllegalArgumentException for an endpoint that is blank or a URL
     */
    public static ServiceBinding fromDescriptorSet(String endpoint, Path descriptorSet) {
        return builder(endpoint).descriptorSet(descriptorSet).build();
    }

    /** Starts a binding; see {@link Builder}. */
    public static Builder builder(String endpoint) {
        return new Builder(endpoint);
    }

    /**
     * Configures one gRPC binding. Mutable and not thread-safe; the {@link ServiceBinding} it
     * builds is immutable. Every method fails fast on an invalid value.
     */
    public static final class Builder {

        private final String endpoint;
        private final Map<String, Object> options = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Duration timeout;
        private RetrySpec retry;
        private CircuitBreakerSpec circuitBreaker;

        private Builder(String endpoint) {
            GrpcSettings.checkEndpoint(endpoint);
            this.endpoint = endpoint.trim();
        }

        /** Connects without TLS (cleartext HTTP/2), as most local and in-cluster servers expect. */
        public Builder plaintext() {
            return plaintext(true);
        }

        /** {@code true}: cleartext HTTP/2; {@code false} (the default): TLS. */
        public Builder plaintext(boolean value) {
            options.put(PLAINTEXT, value);
            return this;
        }

        /**
         * Looks the steps' methods up in this service only (a short method name such as
         * {@code VerifyIdentity} is otherwise searched in every service the server offers).
         *
         * @param fullName the service's full name, e.g. {@code kyc.v1.KycService}
         */
        public Builder service(String fullName) {
            options.put(SERVICE, GrpcSettings.checkServiceName(fullName));
            return this;
        }

        /** Describes the services with this descriptor-set file instead of server reflection. */
        public Builder descriptorSet(Path file) {
            Objects.requireNonNull(file, "descriptor set");
            options.put(DESCRIPTOR_SET, file.toString());
            return this;
        }

        /**
         * Metadata sent with every call. Keys are lower-cased; a key ending in {@code -bin} takes
         * a base64 value and is sent as binary metadata.
         *
         * @throws IllegalArgumentException for a key gRPC does not allow, one reserved by gRPC
         *     ({@code grpc-*}) or one Maestro sets itself ({@code idempotency-key},
         *     {@code maestro-*}), or a value that is not printable ASCII
         */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "metadata key");
            Objects.requireNonNull(value, "metadata value of " + key);
            GrpcSettings.checkMetadata(key, value);
            metadata.put(key, value);
            return this;
        }

        /** Several metadata entries; see {@link #metadata(String, String)}. */
        public Builder metadata(Map<String, String> values) {
            values.forEach(this::metadata);
            return this;
        }

        /** Trusts the certificates of this PEM file (instead of the JDK's defaults) for TLS. */
        public Builder trustCertificates(Path caFile) {
            Objects.requireNonNull(caFile, "CA file");
            options.put(CA_FILE, caFile.toString());
            return this;
        }

        /** Presents this client certificate chain and PKCS#8 private key (both PEM) for mutual TLS. */
        public Builder clientCertificate(Path certFile, Path keyFile) {
            Objects.requireNonNull(certFile, "certificate file");
            Objects.requireNonNull(keyFile, "key file");
            options.put(CERT_FILE, certFile.toString());
            options.put(KEY_FILE, keyFile.toString());
            return this;
        }

        /** The authority to send and, with TLS, the host name the server's certificate must match. */
        public Builder authority(String authority) {
            Objects.requireNonNull(authority, "authority");
            if (authority.isBlank()) {
                throw new IllegalArgumentException("authority must not be blank");
            }
            options.put(AUTHORITY, authority);
            return this;
        }

        /** The largest request or response message, in bytes (default: gRPC's 4 MiB for responses). */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max message size must be positive, got " + bytes);
            }
            options.put(MAX_MESSAGE_SIZE, bytes);
            return this;
        }

        /**
         * {@code true}: input fields the request message does not have are dropped (as are enum
         * names it does not know). Default {@code false}: such input fails the call with
         * {@code bad_request}, naming the field.
         */
        public Builder ignoreUnknownFields(boolean value) {
            options.put(IGNORE_UNKNOWN_FIELDS, value);
            return this;
        }

        /** Per-attempt timeout of this service's calls (a step's own timeout wins); sent as the gRPC deadline. */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + value);
            }
            this.timeout = value;
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

        /**
         * @throws IllegalArgumentException when the settings contradict each other (TLS files
         *     with plaintext, a certificate without its key)
         */
        public ServiceBinding build() {
            Map<String, Object> o = new LinkedHashMap<>(options);
            if (!metadata.isEmpty()) {
                o.put(METADATA, new LinkedHashMap<>(metadata));
            }
            ServiceBinding binding = new ServiceBinding(TYPE, endpoint, Map.of(), timeout, retry, circuitBreaker, o);
            GrpcSettings.of(binding); // the same checks as the transport's, now rather than at the first call
            return binding;
        }
    }
}
