package io.maestro.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.http.HttpService;
import io.maestro.http.HttpTransport;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Load test of issue 5: {@value #DEFAULT_CONCURRENCY} concurrent executions of a
 * {@value #DEFAULT_FAN_OUT}-way parallel fan-out over HTTP, against a loopback server that
 * answers every request after a fixed {@value #DEFAULT_DELAY_MS} ms without a thread per
 * waiting request, next to a baseline doing the same requests with
 * {@code CompletableFuture.allOf} over the same {@link HttpClient} instance (given to the
 * transport with {@code HttpTransport.builder().client(..)}: one executor, one connection pool)
 * and parsing the same JSON.
 *
 * <p>Closed loop: each of the N concurrent "users" starts its next execution as soon as the
 * previous one ends, for a fixed time. Reports throughput (executions/s), latency percentiles,
 * the throughput ratio Maestro/baseline (target ≥ 0.90), the p99 latency Maestro adds, and the
 * peak number of live threads outside the test server, at concurrency 10 and at N (target: the
 * same, i.e. not growing with executions). Runs in about a minute. The test server runs in the same
 * JVM and shares the processors; its threads are not counted.
 *
 * <p>Run (from the repository root, after {@code mvn -pl maestro-bench -am package -DskipTests}):
 * <pre>{@code
 * java -cp maestro-bench/target/maestro-benchmarks.jar io.maestro.bench.http.HttpFanOutLoad
 * }</pre>
 * Options as system properties: {@code -Dconcurrency=1000 -DfanOut=5 -DdelayMs=20
 * -DwarmupSeconds=5 -DmeasureSeconds=10}; {@code -DmaestroFirst=true} measures Maestro before
 * the baseline; {@code -DshowThreads=true} lists the threads of each run and where each kind
 * was first seen.
 */
public final class HttpFanOutLoad {

    static final int DEFAULT_CONCURRENCY = 1000;
    static final int DEFAULT_FAN_OUT = 5;
    static final int DEFAULT_DELAY_MS = 20;

    private final int concurrency = Integer.getInteger("concurrency", DEFAULT_CONCURRENCY);
    private final int fanOut = Integer.getInteger("fanOut", DEFAULT_FAN_OUT);
    private final int delayMs = Integer.getInteger("delayMs", DEFAULT_DELAY_MS);
    private final Duration warmup = Duration.ofSeconds(Integer.getInteger("warmupSeconds", 5));
    private final Duration measure = Duration.ofSeconds(Integer.getInteger("measureSeconds", 10));
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) throws Exception {
        // Before anything touches CompletableFuture (see the note printed by run()).
        boolean parallelismSetHere = System.getProperty(COMMON_POOL_PARALLELISM) == null
                && Runtime.getRuntime().availableProcessors() <= 2;
        if (parallelismSetHere) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        new HttpFanOutLoad().run(parallelismSetHere);
        System.exit(0); // the in-process server's and clients' threads are daemons, but be sure
    }

    private void run(boolean parallelismSetHere) throws Exception {
        // A hard bound: whatever happens, this process ends.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(warmup.multipliedBy(2).plus(measure.multipliedBy(3)).plusSeconds(6 + 40).toMillis());
                System.err.println("load test overran its time bound; stopping");
                System.exit(2);
            } catch (InterruptedException stop) {
                // done in time
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "HTTP fan-out load: %d concurrent executions x %d parallel GETs, server delay %d ms, "
                        + "%d processors, Java %s, common pool parallelism %d; warm-up %ds, measure %ds per run%n",
                concurrency, fanOut, delayMs, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                ForkJoinPool.getCommonPoolParallelism(), warmup.toSeconds(), measure.toSeconds());
        if (parallelismSetHere) {
            System.out.println("note: common pool parallelism set to 2 by this harness, as recommended for machines with <= 2 processors:"
                    + " java.net.http completes every sendAsync future on CompletableFuture's default executor, which below 2 starts"
                    + " a thread per task (Maestro and baseline alike). Run with -D" + COMMON_POOL_PARALLELISM + "=1 to measure that JDK default.");
        } else if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            System.out.println("note: common pool parallelism < 2: java.net.http starts a thread per response (Maestro and baseline alike)");
        }

        try (DelayedServer server = DelayedServer.start(delayMs)) {
            ExecutorService clientPool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "bench-http-client");
                t.setDaemon(true);
                return t;
            });
            // One client, one connection pool, for both: the transport is given the baseline's client.
            HttpClient sharedClient = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(clientPool)
                    .build();
            HttpTransport transport = HttpTransport.builder().client(sharedClient).executor(clientPool).build();
            Workflow workflow = fanOutWorkflow();
            try (Orchestrator orchestrator = Orchestrator.builder()
                    .transport(transport)
                    .discoverTransports(false)
                    .service("backend", HttpService.of(server.url()))
                    .build()) {

                LongFunction<CompletionStage<Boolean>> maestro = id -> orchestrator.start(workflow, Map.of("id", id))
                        .thenApply(r -> r.status() == ExecutionStatus.COMPLETED);
                LongFunction<CompletionStage<Boolean>> baseline = id -> baseline(sharedClient, server.url(), id);
                ServiceBinding backend = HttpService.of(server.url());
                LongFunction<CompletionStage<Boolean>> transportOnly = id -> transportOnly(transport, backend, id);

                ClosedLoop.Result check = ClosedLoop.run("check", 1, Duration.ofMillis(200), maestro, ids);
                if (check.failures() > 0 || check.completed() == 0) {
                    ExecutionResult r = orchestrator.run(workflow, Map.of("id", 0));
                    throw new IllegalStateException("the workflow does not complete: " + r.error());
                }

                ClosedLoop.run("warm-up baseline", concurrency, warmup, baseline, ids);
                ClosedLoop.run("warm-up maestro", concurrency, warmup, maestro, ids);
                ClosedLoop.Result smallBase = ClosedLoop.run("baseline", 10, Duration.ofSeconds(3), baseline, ids);
                ClosedLoop.Result small = ClosedLoop.run("maestro", 10, Duration.ofSeconds(3), maestro, ids);
                ClosedLoop.Result base;
                ClosedLoop.Result mine;
                if (Boolean.getBoolean("maestroFirst")) {
                    mine = ClosedLoop.run("maestro", concurrency, measure, maestro, ids);
                    base = ClosedLoop.run("baseline", concurrency, measure, baseline, ids);
                } else {
                    base = ClosedLoop.run("baseline", concurrency, measure, baseline, ids);
                    mine = ClosedLoop.run("maestro", concurrency, measure, maestro, ids);
                }
                ClosedLoop.Result transportRun = ClosedLoop.run("transport", concurrency, measure, transportOnly, ids);

                System.out.println();
                System.out.println(ClosedLoop.Result.HEADER);
                System.out.println(smallBase);
                System.out.println(small);
                System.out.println(base);
                System.out.println(mine);
                System.out.println(transportRun);
                System.out.println();
                double ratio = mine.throughput() / base.throughput();
                System.out.printf(Locale.ROOT, "throughput ratio maestro/baseline: %.3f (target >= 0.90) %s%n", ratio, ratio >= 0.9 ? "OK" : "BELOW TARGET");
                System.out.printf(Locale.ROOT, "of which the HTTP transport alone (5 x HttpTransport.call + allOf, no engine): ratio %.3f, p99 %+.1f ms%n",
                        transportRun.throughput() / base.throughput(), transportRun.p99Millis() - base.p99Millis());
                System.out.printf(Locale.ROOT, "p99 added latency at concurrency %d: %+.1f ms (maestro %.1f ms - baseline %.1f ms); p50 added: %+.1f ms%n",
                        concurrency, mine.p99Millis() - base.p99Millis(), mine.p99Millis(), base.p99Millis(), mine.p50Millis() - base.p50Millis());
                System.out.printf(Locale.ROOT, "p99 added latency at concurrency 10: %+.1f ms (maestro %.1f ms - baseline %.1f ms); p50 added: %+.1f ms%n",
                        small.p99Millis() - smallBase.p99Millis(), small.p99Millis(), smallBase.p99Millis(), small.p50Millis() - smallBase.p50Millis());
                System.out.printf(Locale.ROOT, "peak live threads outside the test server: %d at concurrency 10, %d at concurrency %d "
                                + "(baseline %d) %s%n",
                        small.peakThreads(), mine.peakThreads(), concurrency, base.peakThreads(),
                        mine.peakThreads() <= small.peakThreads() + 2 ? "OK: does not grow with executions" : "GROWS");
            } finally {
                clientPool.shutdownNow();
            }
        }
        watchdog.interrupt();
    }

    private Workflow fanOutWorkflow() {
        return Workflow.named("http_fan_out").version("1")
                .parallel(p -> {
                    for (int i = 0; i < fanOut; i++) {
                        // No step input: the workflow input {id} is sent, and {id} fills the path.
                        p.step("call_" + i, s -> s.call("backend", "GET /work/{id}"));
                    }
                })
                .build();
    }

    /** The same calls through the transport alone, without the engine: what the transport costs. */
    private CompletionStage<Boolean> transportOnly(HttpTransport transport, ServiceBinding backend, long id) {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[fanOut];
        String execution = "bench-" + id;
        for (int i = 0; i < fanOut; i++) {
            String step = "call_" + i;
            calls[i] = transport.call(new ServiceCall("backend", backend, "GET /work/{id}", Map.of("id", id),
                    new CallMetadata(execution, step, execution + ":" + step, 1, false),
                    Duration.ofSeconds(30))).toCompletableFuture();
        }
        return CompletableFuture.allOf(calls).thenApply(v -> true);
    }

    /** The same requests by hand: fan out, wait for all, parse each JSON body. */
    private CompletionStage<Boolean> baseline(HttpClient client, String url, long id) {
        List<CompletableFuture<Boolean>> calls = new ArrayList<>(fanOut);
        for (int i = 0; i < fanOut; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/work/" + id))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
                try {
                    return r.statusCode() == 200 && json.readValue(r.body(), Map.class) != null;
                } catch (IOException e) {
                    return false;
                }
            }));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture<?>[]::new)).thenApply(v -> {
            for (CompletableFuture<Boolean> c : calls) {
                if (!c.join()) {
                    return false;
                }
            }
            return true;
        });
    }
}
