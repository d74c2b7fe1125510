package io.maestro.spi.transport;

import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Serves services with Java handlers in-process ({@code type: local} bindings, and any service
 * it has handlers for that has no binding), and records every call for assertions. Thread-safe.
 *
 * <pre>{@code
 * InMemoryTransport services = new InMemoryTransport()
 *     .handle("credit_bureau", "GetCreditScore", call -> Map.of("value", 720))
 *     .handleAsync("fraud_detection", "AnalyzeRisk", call -> CompletableFuture.supplyAsync(() -> Map.of("level", "low")));
 * Orchestrator o = Orchestrator.builder().transport(services).build();
 * assertThat(services.calls("credit_bureau", "GetCreditScore")).hasSize(1);
 * }</pre>
 *
 * <p>Synchronous handlers run on the engine's thread: use {@link #handleAsync} for anything slow.
 */
public final class InMemoryTransport implements Transport {

    /** A synchronous handler: returns the result or throws (a {@link MaestroException} to choose retryability). */
    @FunctionalInterface
    public interface Handler {
        Object handle(ServiceCall call) throws Exception;
    }

    /** An asynchronous handler. */
    @FunctionalInterface
    public interface AsyncHandler {
        CompletionStage<?> handle(ServiceCall call);
    }

    /** One call received, with what it carried. */
    public record RecordedCall(String service, String method, Object input, CallMetadata metadata, Instant at) {
    }

    private final Map<String, Map<String, AsyncHandler>> handlers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    private volatile boolean recording = true;

    /** A transport with no handlers yet, recording every call. */
    public InMemoryTransport() {
    }

    public InMemoryTransport handle(String service, String method, Handler handler) {
        return handleAsync(service, method, call -> {
            try {
                return CompletableFuture.completedFuture(handler.handle(call));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    public InMemoryTransport handleAsync(String service, String method, AsyncHandler handler) {
        handlers.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(method, handler);
        return this;
    }

    /** Whether to record calls (default true; benchmarks turn it off). */
    public InMemoryTransport recording(boolean on) {
        this.recording = on;
        return this;
    }

    @Override
    public Set<String> types() {
        return Set.of(ServiceBinding.LOCAL);
    }

    @Override
    public boolean servesUnbound(String service) {
        return handlers.containsKey(service);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Object> call(ServiceCall call) {
        if (recording) {
            calls.add(new RecordedCall(call.service(), call.method(), call.input(), call.metadata(), Instant.now()));
        }
        Map<String, AsyncHandler> methods = handlers.get(call.service());
        AsyncHandler handler = methods == null ? null : methods.get(call.method());
        if (handler == null) {
            return CompletableFuture.failedFuture(new MaestroException("not_found",
                    "no in-memory handler for " + call.service() + "." + call.method()
                            + (methods == null ? "" : "; handled methods: " + methods.keySet()), false));
        }
        try {
            return (CompletionStage<Object>) handler.handle(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every call received, in order. */
    public List<RecordedCall> calls() {
        return List.copyOf(new ArrayList<>(calls));
    }

    /** The calls of one method, in order. */
    public List<RecordedCall> calls(String service, String method) {
        return calls.stream().filter(c -> c.service().equals(service) && c.method().equals(method)).toList();
    }

    public void clearCalls() {
        calls.clear();
    }
}
