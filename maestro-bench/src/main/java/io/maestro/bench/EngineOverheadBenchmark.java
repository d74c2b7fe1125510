package io.maestro.bench;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.dsl.WorkflowBuilder;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.InMemoryTransport;
import io.maestro.spi.transport.ServiceCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-step engine overhead: a 10-step sequence (each step's input a template over the previous
 * output) followed by a 4-way parallel block, on the in-memory transport, next to a hand-written
 * {@link CompletableFuture} chain making the same 14 calls with the same inputs. Both go through
 * the same {@link InMemoryTransport}, so the difference is what Maestro adds: templates,
 * conditions, journaling (in-memory store), events, retry bookkeeping and results.
 *
 * <p>Run: {@code java -jar maestro-bench/target/maestro-benchmarks.jar EngineOverhead}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineOverheadBenchmark {

    static final int SEQUENTIAL = 10;
    static final int PARALLEL = 4;
    public static final int STEPS = SEQUENTIAL + PARALLEL;

    private InMemoryTransport transport;
    private Orchestrator orchestrator;
    private Workflow workflow;
    private final ServiceBinding local = ServiceBinding.local();

    @Setup(Level.Trial)
    public void setUp() {
        transport = new InMemoryTransport().recording(false);
        for (int i = 0; i < STEPS; i++) {
            int n = i;
            transport.handle("svc", "M" + i, call -> Map.of("v", n, "echo", call.input()));
        }
        orchestrator = Orchestrator.builder().transport(transport).discoverTransports(false).build();
        WorkflowBuilder w = Workflow.named("bench").version("1");
        w.step("s0", s -> s.call("svc", "M0").input(Map.of("v", "{{ .input.n }}")));
        for (int i = 1; i < SEQUENTIAL; i++) {
            String prev = "s" + (i - 1);
            String method = "M" + i;
            w.step("s" + i, s -> s.call("svc", method).input(Map.of("v", "{{ ." + prev + ".v + 1 }}")));
        }
        w.parallel(p -> {
            for (int i = 0; i < PARALLEL; i++) {
                String method = "M" + (SEQUENTIAL + i);
                p.step("p" + i, s -> s.call("svc", method).input(Map.of("v", "{{ .s9.v }}")));
            }
        });
        workflow = w.build();
        ExecutionResult r = orchestrator.run(workflow, Map.of("n", 1));
        if (r.status() != ExecutionStatus.COMPLETED) {
            throw new IllegalStateException("benchmark workflow did not complete: " + r.error());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        orchestrator.close();
    }

    @Benchmark
    public ExecutionResult maestro() {
        return orchestrator.start(workflow, Map.of("n", 1)).toCompletableFuture().join();
    }

    /** The same calls chained by hand: what a developer would write without an orchestrator. */
    @Benchmark
    public Object handWrittenCompletableFutures() {
        String executionId = UUID.randomUUID().toString();
        Map<String, Object> outputs = new LinkedHashMap<>();
        CompletableFuture<Object> chain = call(executionId, 0, Map.of("v", 1));
        for (int i = 1; i < SEQUENTIAL; i++) {
            int n = i;
            chain = chain.thenCompose(prev -> {
                outputs.put("s" + (n - 1), prev);
                int v = ((Number) ((Map<?, ?>) prev).get("v")).intValue() + 1;
                return call(executionId, n, Map.of("v", v));
            });
        }
        return chain.thenCompose(last -> {
            outputs.put("s9", last);
            Object v = ((Map<?, ?>) last).get("v");
            CompletableFuture<?>[] branches = new CompletableFuture<?>[PARALLEL];
            for (int i = 0; i < PARALLEL; i++) {
                int n = SEQUENTIAL + i;
                branches[i] = call(executionId, n, Map.of("v", v)).thenAccept(out -> {
                    synchronized (outputs) {
                        outputs.put("p" + (n - SEQUENTIAL), out);
                    }
                });
            }
            return CompletableFuture.allOf(branches).thenApply(x -> outputs);
        }).join();
    }

    private CompletableFuture<Object> call(String executionId, int n, Object input) {
        String step = "s" + n;
        return transport.call(new ServiceCall("svc", local, "M" + n, input,
                new CallMetadata(executionId, step, executionId + ":" + step, 1, false), Duration.ofSeconds(30))).toCompletableFuture();
    }
}
