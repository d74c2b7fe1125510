package io.maestro.testing;

import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.OrchestratorBuilder;
import io.maestro.spi.transport.InMemoryTransport;
import io.maestro.spi.transport.InMemoryTransport.RecordedCall;
import io.maestro.spi.transport.ServiceCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * In-memory services for workflow tests: fluent stubs that answer, fail or wait, and a record of
 * every call they received. Thread-safe.
 *
 * <pre>{@code
 * StubServices services = new StubServices();
 * services.stub("credit_bureau", "GetCreditScore").returns(Map.of("value", 720));
 * services.stub("fraud_detection", "AnalyzeRisk").failsTimes(2, StubServices.unavailable()).thenReturns(Map.of("level", "low"));
 * services.stub("kyc_service", "VerifyIdentity").delayed(Duration.ofMillis(200)).returns(Map.of("verified", true));
 *
 * try (Orchestrator o = services.orchestrator()) {
 *     ExecutionResult r = o.run(workflow, Map.of("applicant_id", "A-17"));
 *     assertThat(services.inputs("credit_bureau", "GetCreditScore")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Delayed answers are completed by a scheduler, never by sleeping on the engine's thread, and
 * a delayed call observes cancellation ({@link #cancellations}).
 */
public final class StubServices implements AutoCloseable {

    private final InMemoryTransport transport = new InMemoryTransport();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maestro-stub-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Stub> stubs = new ConcurrentHashMap<>();
    private final List<ServiceCall> cancelled = new CopyOnWriteArrayList<>();

    /** The stub of one method, created on first use. */
    public Stub stub(String service, String method) {
        return stubs.computeIfAbsent(service + "\u0000" + method, k -> {
            Stub s = new Stub();
            transport.handleAsync(service, method, s::answer);
            return s;
        });
    }

    /** The transport to register on an orchestrator builder. */
    public InMemoryTransport transport() {
        return transport;
    }

    /** A builder wired to these stubs, for more configuration. */
    public OrchestratorBuilder orchestratorBuilder() {
        return Orchestrator.builder().transport(transport);
    }

    /** An orchestrator wired to these stubs; close it after the test. */
    public Orchestrator orchestrator() {
        return orchestratorBuilder().build();
    }

    /** Every call received, in order. */
    public List<RecordedCall> calls() {
        return transport.calls();
    }

    public List<RecordedCall> calls(String service, String method) {
        return transport.calls(service, method);
    }

    /** The inputs one method received, in order. */
    public List<Object> inputs(String service, String method) {
        return calls(service, method).stream().map(RecordedCall::input).toList();
    }

    /** Calls whose answer was still pending when the engine cancelled them (timeout, fail-fast, cancel). */
    public List<ServiceCall> cancellations() {
        return List.copyOf(cancelled);
    }

    /** A retryable failure like a gRPC UNAVAILABLE or an HTTP 503. */
    public static MaestroException unavailable() {
        return new MaestroException("unavailable", "service unavailable (stub)", true);
    }

    /** A non-retryable failure like an HTTP 400. */
    public static MaestroException rejected(String message) {
        return new MaestroException("rejected", message, false);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** What one method does, call after call: scripted answers first, then the default. */
    public final class Stub {
        private final List<Function<ServiceCall, Object>> script = new ArrayList<>();
        private Function<ServiceCall, Object> otherwise = call -> {
            throw new MaestroException("not_stubbed", "stub " + call.service() + "." + call.method() + " has no answer", false);
        };
        private Duration delay = Duration.ZERO;

        /** Every call answers this value (after any scripted answers). */
        public synchronized Stub returns(Object value) {
            otherwise = call -> value;
            return this;
        }

        /** Every call answers what the function computes from the call (input, metadata). */
        public synchronized Stub answers(Function<ServiceCall, Object> answer) {
            otherwise = answer;
            return this;
        }

        /** Every call fails with this exception. */
        public synchronized Stub fails(RuntimeException failure) {
            otherwise = call -> {
                throw failure;
            };
            return this;
        }

        /** The next {@code times} calls fail with {@code failure}; then {@link #thenReturns}. */
        public synchronized Stub failsTimes(int times, RuntimeException failure) {
            for (int i = 0; i < times; i++) {
                script.add(call -> {
                    throw failure;
                });
            }
            return this;
        }

        public Stub thenReturns(Object value) {
            return returns(value);
        }

        /** Every answer (or failure) arrives after this delay. */
        public synchronized Stub delayed(Duration delay) {
            this.delay = delay;
            return this;
        }

        private CompletionStage<Object> answer(ServiceCall call) {
            Function<ServiceCall, Object> next;
            Duration wait;
            synchronized (this) {
                next = script.isEmpty() ? otherwise : script.remove(0);
                wait = delay;
            }
            if (wait.isZero()) {
                return evaluate(next, call);
            }
            // Records the cancellation before the future completes, so that whoever reacts to
            // the completion already sees it.
            java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<?>> timer = new java.util.concurrent.atomic.AtomicReference<>();
            CompletableFuture<Object> answer = new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean mayInterruptIfRunning) {
                    if (isDone()) {
                        return false;
                    }
                    cancelled.add(call);
                    java.util.concurrent.Future<?> t = timer.get();
                    if (t != null) {
                        t.cancel(false);
                    }
                    return super.cancel(mayInterruptIfRunning);
                }
            };
            timer.set(scheduler.schedule(() -> evaluate(next, call).whenComplete((r, e) -> {
                if (e == null) {
                    answer.complete(r);
                } else {
                    answer.completeExceptionally(e);
                }
            }), wait.toNanos(), TimeUnit.NANOSECONDS));
            return answer;
        }

        private CompletableFuture<Object> evaluate(Function<ServiceCall, Object> next, ServiceCall call) {
            try {
                return CompletableFuture.completedFuture(next.apply(call));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
