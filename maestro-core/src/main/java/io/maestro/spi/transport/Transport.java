package io.maestro.spi.transport;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Calls services of the binding types it {@linkplain #types() serves}. Implementations are
 * thread-safe and non-blocking: {@link #call} returns at once and completes the stage later.
 *
 * <p>The stage completes with a JSON-like value ({@code Map<String, ?>}, {@code List<?>},
 * String, Number, Boolean or null), or exceptionally with an
 * {@link io.maestro.MaestroException} whose {@code isRetryable()} says whether another attempt
 * may succeed. Any other exception is treated as a non-retryable failure. The value is handed
 * over to the engine, which shares it between threads without copying it: do not modify it
 * afterwards. When the engine gives
 * up on an attempt (its timeout passed, the execution was cancelled), it calls
 * {@code toCompletableFuture().cancel(true)} on the stage: transports should abort the request.
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder().transport(new MyTransport()).build();
 * }</pre>
 */
public interface Transport extends AutoCloseable {

    /** The binding types this transport serves, e.g. {@code Set.of("http")}. */
    Set<String> types();

    /** Starts one attempt of a call. */
    CompletionStage<Object> call(ServiceCall call);

    /**
     * Whether this transport can serve {@code service} without a binding, as the in-memory
     * transport does for services it has handlers for. Default: false.
     */
    default boolean servesUnbound(String service) {
        return false;
    }

    /**
     * Whether every stage this transport returns ends by itself once the call's
     * {@link ServiceCall#timeout() timeout} has passed: failed with a retryable
     * {@link io.maestro.MaestroException} of code {@code timeout}, the request aborted. The
     * engine then sets no timer of its own per attempt (cancelling the stage on cancellation
     * still applies). Default: false, and the engine times each attempt.
     */
    default boolean timesOutCalls() {
        return false;
    }

    /** Releases connections and threads; the orchestrator calls it when it is closed. */
    @Override
    default void close() {
    }
}
