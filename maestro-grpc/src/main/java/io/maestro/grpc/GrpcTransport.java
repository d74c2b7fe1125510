package io.maestro.grpc;

import io.maestro.grpc.internal.DynamicCalls;
import io.maestro.spi.transport.ServiceCall;
import io.maestro.spi.transport.Transport;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Calls {@code type: grpc} services (bindings made with {@link GrpcService}) without generated
 * stubs: the method's descriptor comes from the server's reflection service or a descriptor
 * set, and requests and responses are protobuf {@code DynamicMessage}s. Found with
 * {@link java.util.ServiceLoader}, so an orchestrator uses it as soon as this module is on the
 * class path; it can also be registered explicitly:
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder()
 *     .transport(GrpcTransport.create())
 *     .service("kyc_service", GrpcService.builder("localhost:50051").plaintext().build())
 *     .build();
 * }</pre>
 *
 * <h2>Methods</h2>
 * A step's method is a short name ({@code VerifyIdentity}) or a full one
 * ({@code kyc.v1.KycService/VerifyIdentity}, or {@code kyc.v1.KycService.VerifyIdentity}). A
 * short name is looked up in the binding's {@code service} when it has one, otherwise in every
 * service the server lists (except the reflection service itself). Server reflection speaks
 * {@code grpc.reflection.v1} and falls back to {@code v1alpha}; imports are fetched as needed.
 * What is learnt is kept per channel (per file for descriptor sets), concurrent first calls
 * share one lookup, and it is learnt afresh when the server answers UNIMPLEMENTED or a method
 * is not found. Only unary methods can be called.
 *
 * <h2>Requests and responses</h2>
 * The step input (a map; null for an empty request) becomes the request message by protobuf's
 * JSON mapping: fields by proto name or JSON name, 64-bit integers as numbers or strings, enums
 * by name or number, bytes as base64, well-known types in their JSON form. A field the message
 * lacks, or a value of the wrong type, fails the call with {@code bad_request} naming the
 * field's path ({@code input.address.zip_code}), unless the binding sets
 * {@code ignore_unknown_fields} (which drops unknown fields and enum names).
 * The response becomes a {@code Map} keyed by <b>proto field names</b> ({@code loan_id}):
 * scalars, repeated fields and maps without presence are always there with their defaults,
 * fields with presence only when set; integers (64-bit too) are numbers, enums their names;
 * Timestamp, Duration, Struct, Value, wrappers and Any are in their JSON form.
 *
 * <h2>Calls</h2>
 * Each attempt has the attempt's timeout as its gRPC deadline and carries the metadata
 * {@code idempotency-key}, {@code maestro-execution-id}, {@code maestro-step-id} and
 * {@code maestro-attempt}, then the binding's headers and {@code metadata}. Cancelling the
 * returned stage cancels the call. gRPC's own retries are off: the engine retries.
 *
 * <h2>Failures</h2>
 * A {@link io.maestro.MaestroException}:
 * <ul>
 *   <li>{@code grpc_<STATUS>} ({@code grpc_UNAVAILABLE}…) for a status other than OK, with the
 *       status description in the message; retryable for UNAVAILABLE (also: server down, during
 *       reflection too), DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and ABORTED. A
 *       {@code grpc-retry-pushback-ms} trailer becomes {@code retryAfter()}.
 *       {@code grpc_UNIMPLEMENTED} also when the server offers no reflection;
 *   <li>{@code grpc_method_not_found}, {@code grpc_ambiguous_method} (listing the candidates),
 *       {@code grpc_unsupported_method} (streaming), {@code grpc_bad_descriptor} (a schema that
 *       does not link), {@code bad_request}, {@code bad_response}, {@code invalid_binding}: not
 *       retryable.
 * </ul>
 *
 * <h2>Connections</h2>
 * One channel per endpoint and connection security (plaintext, or TLS with the same trust and
 * client certificate files, and authority), made on first use, shared by every binding and
 * every execution of the orchestrator, and shut down by {@link #close()}. Thread-safe.
 */
public final class GrpcTransport implements Transport {

    private final DynamicCalls calls;

    private GrpcTransport(Executor executor) {
        this.calls = new DynamicCalls(executor);
    }

    /** A transport whose callbacks run on gRPC's shared executor. */
    public static GrpcTransport create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> types() {
        return Set.of(GrpcService.TYPE);
    }

    @Override
    public CompletionStage<Object> call(ServiceCall call) {
        return calls.call(call);
    }

    /** Shuts every channel down (waiting up to two seconds), failing the calls in flight. */
    @Override
    public void close() {
        calls.close();
    }

    /** Configures a {@link GrpcTransport}. Mutable, not thread-safe. */
    public static final class Builder {

        private Executor executor;

        private Builder() {
        }

        /**
         * Runs gRPC's callbacks, and so the completion of returned stages and the conversion of
         * responses, on this executor (default: gRPC's shared cached pool). It is not shut down
         * by {@link GrpcTransport#close()}; its tasks must never block.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public GrpcTransport build() {
            return new GrpcTransport(executor);
        }
    }
}
