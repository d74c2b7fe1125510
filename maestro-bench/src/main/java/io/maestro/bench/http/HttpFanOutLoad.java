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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
 * same, i.e. not growing with executions). The test server runs in the same JVM and shares the
 * processors; its threads are not counted.
 *
 * <p>Four kinds of run: {@code baseline}; {@code headers}, the baseline sending the headers the
 * transport must send (so both send the same bytes); {@code transport}, the transport called
 * directly (5 calls + {@code allOf}, no engine); and {@code maestro}. After warm-up rounds of
 * every kind, they are measured in interleaved rounds, the order reversed every other round,
 * and each ratio is reported as the median of its per-round values: on a shared machine a noisy
 * moment then hits every kind alike. Each run also reports the process's CPU time, the bytes
 * allocated and the client executor's tasks per execution, and the GC and JIT time spent during
 * it. Runs in about three minutes with the default four rounds.
 *
 * <p>Run (from the repository root, after {@code mvn -pl maestro-bench -am package -DskipTests}):
 * <pre>{@code
 * java -cp maestro-bench/target/maestro-benchmarks.jar io.maestro.bench.http.HttpFanOutLoad
 * }</pre>
 * Options as system properties: {@code -Dconcurrency=1000 -DfanOut=5 -DdelayMs=20
 * -DwarmupRounds=2 -DwarmupSeconds=4 -Drounds=4 -DmeasureSeconds=6}; {@code -DshowThreads=true}
 * lists the threads of each run and where each kind was first seen; {@code -Dkinds=headers,transport}
 * measures only those kinds; {@code -Donly=maestro} (or {@code baseline}, {@code headers},
 * {@code transport}) runs one kind alone, for a profiler; {@code -Dfootprint=maestro} (or another
 * kind) measures instead what one execution in flight keeps alive ({@link InFlightFootprint}).
 */
public final class HttpFanOutLoad {

    static final int DEFAULT_CONCURRENCY = 1000;
    static final int DEFAULT_FAN_OUT = 5;
    static final int DEFAULT_DELAY_MS = 20;

    static final String BASELINE = "baseline";
    static final String HEADERS = "headers";
    static final String TRANSPORT = "transport";
    static final String MAESTRO = "maestro";
    /** What the transport sends, for the baseline that sends Maestro's headers. */
    private static final String USER_AGENT = "maestro/" + transportVersion();

    private final int concurrency = Integer.getInteger("concurrency", DEFAULT_CONCURRENCY);
    private final int fanOut = Integer.getInteger("fanOut", DEFAULT_FAN_OUT);
    /** {@code -Dfootprint=<kind>}: measure what one execution of that kind in flight keeps alive, instead. */
    private final String footprint = System.getProperty("footprint");
    private final int delayMs = Integer.getInteger("delayMs", footprint != null ? 120_000 : DEFAULT_DELAY_MS);
    private final Duration warmup = Duration.ofSeconds(Integer.getInteger("warmupSeconds", 4));
    private final int warmupRounds = Integer.getInteger("warmupRounds", 2);
    private final Duration measure = Duration.ofSeconds(Integer.getInteger("measureSeconds", 6));
    private final int rounds = Integer.getInteger("rounds", 4);
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
                Thread.sleep(warmup.multipliedBy(4L * warmupRounds).plus(measure.multipliedBy(4L * rounds)).plusSeconds(6 + 60).toMillis());
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
            java.util.concurrent.ThreadPoolExecutor clientPool = (java.util.concurrent.ThreadPoolExecutor) Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "bench-http-client");
                t.setDaemon(true);
                return t;
            });
            ClosedLoop.executorTasks = clientPool::getCompletedTaskCount;
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
                LongFunction<CompletionStage<Boolean>> baseline = id -> baseline(sharedClient, server.url(), id, false);
                LongFunction<CompletionStage<Boolean>> sameHeaders = id -> baseline(sharedClient, server.url(), id, true);
                ServiceBinding backend = HttpService.of(server.url());
                LongFunction<CompletionStage<Boolean>> transportOnly = id -> transportOnly(transport, backend, id);
                Map<String, LongFunction<CompletionStage<Boolean>>> kinds = new LinkedHashMap<>();
                kinds.put(BASELINE, baseline);
                kinds.put(HEADERS, sameHeaders);
                kinds.put(TRANSPORT, transportOnly);
                kinds.put(MAESTRO, maestro);
                String chosen = System.getProperty("kinds"); // a subset, for experiments
                if (chosen != null) {
                    kinds.keySet().retainAll(List.of(chosen.split(",")));
                }

                if (footprint != null) {
                    LongFunction<CompletionStage<Boolean>> kind = kinds.get(footprint);
                    if (kind == null) {
                        throw new IllegalArgumentException("-Dfootprint= one of " + kinds.keySet() + "; got " + footprint);
                    }
                    InFlightFootprint.measure(footprint, kind, server, concurrency, fanOut, ids);
                    return;
                }
                String leak = System.getProperty("leak");
                if (leak != null) {
                    InFlightFootprint.leftBehind(leak, kinds.get(leak), concurrency, measure, ids);
                    return;
                }
                ClosedLoop.Result check = ClosedLoop.run("check", 1, Duration.ofMillis(200), maestro, ids);
                if (check.failures() > 0 || check.completed() == 0) {
                    ExecutionResult r = orchestrator.run(workflow, Map.of("id", 0));
                    throw new IllegalStateException("the workflow does not complete: " + r.error());
                }
                String only = System.getProperty("only");
                if (only != null) { // one kind alone, e.g. under a profiler
                    LongFunction<CompletionStage<Boolean>> kind = kinds.get(only);
                    if (kind == null) {
                        throw new IllegalArgumentException("-Donly= one of " + kinds.keySet() + "; got " + only);
                    }
                    ClosedLoop.run("warm-up " + only, concurrency, warmup, kind, ids);
                    ClosedLoop.Result r = ClosedLoop.run(only, concurrency, measure, kind, ids);
                    System.out.println(ClosedLoop.Result.HEADER);
                    System.out.println(r);
                    return;
                }

                for (int round = 1; round <= warmupRounds; round++) {
                    for (Map.Entry<String, LongFunction<CompletionStage<Boolean>>> k : kinds.entrySet()) {
                        ClosedLoop.run("warm-up " + k.getKey(), concurrency, warmup, k.getValue(), ids);
                    }
                }
                ClosedLoop.Result smallBase = ClosedLoop.run(BASELINE, 10, Duration.ofSeconds(3), baseline, ids);
                ClosedLoop.Result small = ClosedLoop.run(MAESTRO, 10, Duration.ofSeconds(3), maestro, ids);

                // Interleaved rounds, the order reversed every other round, so that a noisy moment on
                // this shared machine hits every kind alike; each round gives its own ratios.
                List<Map<String, ClosedLoop.Result>> measured = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    List<String> order = new ArrayList<>(kinds.keySet());
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    Map<String, ClosedLoop.Result> results = new LinkedHashMap<>();
                    for (String kind : order) {
                        results.put(kind, ClosedLoop.run(kind, concurrency, measure, kinds.get(kind), ids));
                    }
                    measured.add(results);
                }
                report(smallBase, small, measured);
            } finally {
                clientPool.shutdownNow();
            }
        }
        watchdog.interrupt();
    }

    private void report(ClosedLoop.Result smallBase, ClosedLoop.Result small, List<Map<String, ClosedLoop.Result>> measured) {
        System.out.println();
        System.out.println(ClosedLoop.Result.HEADER);
        System.out.println(smallBase);
        System.out.println(small);
        for (int i = 0; i < measured.size(); i++) {
            System.out.println("round " + (i + 1));
            measured.get(i).values().forEach(System.out::println);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "per-round ratios (median of %d rounds, then each round):%n", measured.size());
        ratio(measured, MAESTRO, BASELINE, "maestro / baseline throughput (target >= 0.90)");
        ratio(measured, MAESTRO, HEADERS, "maestro / baseline with Maestro's headers");
        ratio(measured, TRANSPORT, BASELINE, "transport alone / baseline");
        ratio(measured, TRANSPORT, HEADERS, "transport alone / baseline with Maestro's headers");
        ratio(measured, HEADERS, BASELINE, "baseline with Maestro's headers / baseline");
        cpuRatio(measured, MAESTRO, BASELINE, "CPU per execution, maestro / baseline");
        cpuRatio(measured, MAESTRO, HEADERS, "CPU per execution, maestro / baseline with Maestro's headers");
        perExecution(measured, MAESTRO, HEADERS, ClosedLoop.Result::allocatedKibPerExecution,
                "allocated per execution, maestro / baseline with Maestro's headers");
        if (!measured.get(0).containsKey(MAESTRO) || !measured.get(0).containsKey(BASELINE)) {
            return;
        }
        double p99Added = median(measured.stream().mapToDouble(r -> r.get(MAESTRO).p99Millis() - r.get(BASELINE).p99Millis()).toArray());
        double p50Added = median(measured.stream().mapToDouble(r -> r.get(MAESTRO).p50Millis() - r.get(BASELINE).p50Millis()).toArray());
        System.out.printf(Locale.ROOT, "p99 added latency at concurrency %d: %+.1f ms (median over rounds); p50 added: %+.1f ms%n",
                concurrency, p99Added, p50Added);
        System.out.printf(Locale.ROOT, "p99 added latency at concurrency 10: %+.1f ms (maestro %.1f ms - baseline %.1f ms); p50 added: %+.1f ms%n",
                small.p99Millis() - smallBase.p99Millis(), small.p99Millis(), smallBase.p99Millis(), small.p50Millis() - smallBase.p50Millis());
        int peak = measured.stream().mapToInt(r -> r.get(MAESTRO).peakThreads()).max().orElse(0);
        int basePeak = measured.stream().mapToInt(r -> r.get(BASELINE).peakThreads()).max().orElse(0);
        System.out.printf(Locale.ROOT, "peak live threads outside the test server: %d at concurrency 10, %d at concurrency %d "
                        + "(baseline %d) %s%n", small.peakThreads(), peak, concurrency, basePeak,
                peak <= small.peakThreads() + 2 ? "OK: does not grow with executions" : "GROWS");
    }

    private static void ratio(List<Map<String, ClosedLoop.Result>> measured, String a, String b, String label) {
        if (!measured.get(0).containsKey(a) || !measured.get(0).containsKey(b)) {
            return;
        }
        double[] ratios = measured.stream().mapToDouble(r -> r.get(a).throughput() / r.get(b).throughput()).toArray();
        System.out.printf(Locale.ROOT, "  %-62s %.3f   %s%n", label, median(ratios), each(ratios));
    }

    private static void cpuRatio(List<Map<String, ClosedLoop.Result>> measured, String a, String b, String label) {
        perExecution(measured, a, b, ClosedLoop.Result::cpuMicrosPerExecution, label);
    }

    private static void perExecution(List<Map<String, ClosedLoop.Result>> measured, String a, String b,
                                     java.util.function.ToDoubleFunction<ClosedLoop.Result> cost, String label) {
        if (!measured.get(0).containsKey(a) || !measured.get(0).containsKey(b)) {
            return;
        }
        double[] ratios = measured.stream()
                .mapToDouble(r -> cost.applyAsDouble(r.get(a)) / cost.applyAsDouble(r.get(b))).toArray();
        System.out.printf(Locale.ROOT, "  %-62s %.3f   %s%n", label, median(ratios), each(ratios));
    }

    private static String each(double[] values) {
        StringBuilder out = new StringBuilder("(");
        for (double v : values) {
            out.append(out.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return out.append(')').toString();
    }

    private static String transportVersion() {
        try (var in = HttpTransport.class.getResourceAsStream("internal/maestro-http.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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

    /**
     * The same requests by hand: fan out, wait for all, parse each JSON body. With
     * {@code maestroHeaders}, each request also carries the headers the transport must send
     * (DESIGN §6: user agent, idempotency key, execution, step and attempt), so that the two
     * send the same bytes.
     */
    private CompletionStage<Boolean> baseline(HttpClient client, String url, long id, boolean maestroHeaders) {
        List<CompletableFuture<Boolean>> calls = new ArrayList<>(fanOut);
        String execution = maestroHeaders ? UUID.randomUUID().toString() : null;
        for (int i = 0; i < fanOut; i++) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + "/work/" + id))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (maestroHeaders) {
                String step = "call_" + i;
                builder.header("User-Agent", USER_AGENT)
                        .header("Idempotency-Key", execution + ":" + step)
                        .header("X-Maestro-Execution-Id", execution)
                        .header("X-Maestro-Step-Id", step)
                        .header("X-Maestro-Attempt", "1");
            }
            HttpRequest request = builder.GET().build();
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
