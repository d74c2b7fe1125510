package io.maestro.grpc.internal;

import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Calls any unary method of any server, knowing only the binding and the method's name: finds
 * the method in the server's schema, turns the input into its request message, calls it with
 * a deadline and Maestro's metadata, and turns the response into a JSON-like value.
 * Thread-safe; the engine of {@link io.maestro.grpc.GrpcTransport}.
 */
public final class DynamicCalls implements AutoCloseable {

    static final Metadata.Key<String> IDEMPOTENCY_KEY = Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> EXECUTION_ID = Metadata.Key.of("maestro-execution-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> STEP_ID = Metadata.Key.of("maestro-step-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> ATTEMPT = Metadata.Key.of("maestro-attempt", Metadata.ASCII_STRING_MARSHALLER);

    private static final int MAX_CACHED_BINDINGS = 1024;

    private final Channels channels;
    private final Schemas schemas;
    private final ConcurrentMap<ServiceBinding, GrpcSettings> settings = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param executor runs gRPC callbacks (and so the completion of returned stages), or {@code null} for gRPC's shared pool */
    public DynamicCalls(Executor executor) {
        this.channels = new Channels(executor);
        this.schemas = new Schemas(channels);
    }

    /** One attempt of {@code call}; see {@link io.maestro.grpc.GrpcTransport} for what it does and how it fails. */
    public CompletableFuture<Object> call(ServiceCall call) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new MaestroException("closed", "the gRPC transport is closed", false));
            return result;
        }
        GrpcSettings s;
        Schema schema;
        try {
            s = settings(call.binding());
            schema = schemas.of(s);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new MaestroException("invalid_binding", "service " + call.service() + ": " + e.getMessage(), false, e));
            return result;
        } catch (MaestroException e) {
            result.completeExceptionally(e);
            return result;
        }
        schema.method(s.service(), call.method(), call.timeout()).whenComplete((method, error) -> {
            if (error != null) {
                MaestroException failure = resolutionFailure(call, error);
                if (failure.code().equals("grpc_UNAVAILABLE")) {
                    channels.connectionFailed(s.channel());
                }
                if (failure.code().equals("grpc_method_not_found")) {
                    schemas.drop(s, schema); // perhaps the server changed since we learnt it
                }
                result.completeExceptionally(failure);
            } else if (!result.isDone()) { // not cancelled while the method was looked up
                invoke(call, s, schema, method, result);
            }
        });
        return result;
    }

    private void invoke(ServiceCall call, GrpcSettings s, Schema schema, ResolvedMethod method, CompletableFuture<Object> result) {
        String what = call.service() + " " + method.fullName();
        DynamicMessage request;
        try {
            request = new MessageReader(s.ignoreUnknownFields(), schema::messageType).read(call.input(), method.descriptor().getInputType());
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new MaestroException("bad_request", what + ": " + e.getMessage(), false, e));
            return;
        }
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(Deadlines.nanos(call.timeout()), TimeUnit.NANOSECONDS);
        if (s.maxMessageSize() > 0) {
            options = options.withMaxInboundMessageSize(s.maxMessageSize()).withMaxOutboundMessageSize(s.maxMessageSize());
        }
        MessageWriter writer = new MessageWriter(schema::messageType);
        try {
            // the channel now, not when the call began: it is replaced when its connection fails
            ManagedChannel channel = channels.channel(s.channel());
            UnaryCall.start(channel, method, options, headers(call.metadata(), s), request, result,
                    response -> {
                        try {
                            return writer.write(response);
                        } catch (RuntimeException e) {
                            throw new MaestroException("bad_response", what + ": the response cannot be read: " + e.getMessage(), false, e);
                        }
                    },
                    (status, trailers) -> {
                        if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                            schemas.drop(s, schema); // the method went away: learn the server afresh next time
                        } else if (status.getCode() == Status.Code.UNAVAILABLE) {
                            channels.connectionFailed(s.channel());
                        }
                        return GrpcFailures.of(what, status, trailers);
                    });
        } catch (RuntimeException e) {
            result.completeExceptionally(GrpcFailures.of(what, e));
        }
    }

    private static MaestroException resolutionFailure(ServiceCall call, Throwable error) {
        Throwable e = GrpcFailures.unwrap(error);
        if (e instanceof MaestroException m) {
            return m;
        }
        if (e instanceof IllegalArgumentException) {
            return new MaestroException("grpc_bad_descriptor", "service " + call.service() + ", method " + call.method()
                    + ": " + e.getMessage(), false, e);
        }
        return GrpcFailures.of("service " + call.service() + ", looking up method " + call.method(), e);
    }

    private GrpcSettings settings(ServiceBinding binding) {
        GrpcSettings s = settings.get(binding);
        if (s == null) {
            s = GrpcSettings.of(binding);
            if (settings.size() >= MAX_CACHED_BINDINGS) {
                settings.clear();
            }
            settings.put(binding, s);
        }
        return s;
    }

    static Metadata headers(CallMetadata m, GrpcSettings s) {
        Metadata h = new Metadata();
        h.put(IDEMPOTENCY_KEY, ascii(m.idempotencyKey()));
        h.put(EXECUTION_ID, ascii(m.executionId()));
        h.put(STEP_ID, ascii(m.stepId()));
        h.put(ATTEMPT, Integer.toString(m.attempt()));
        s.metadata().addTo(h);
        return h;
    }

    /** ASCII metadata values must be printable ASCII: anything else is percent-encoded as UTF-8. */
    static String ascii(String value) {
        boolean printable = true;
        for (int i = 0; i < value.length() && printable; i++) {
            char c = value.charAt(i);
            printable = c >= 0x20 && c <= 0x7e && c != '%';
        }
        if (printable) {
            return value;
        }
        StringBuilder b = new StringBuilder();
        for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Shuts every channel down, failing the calls in flight. */
    @Override
    public void close() {
        closed = true;
        channels.close();
    }
}
