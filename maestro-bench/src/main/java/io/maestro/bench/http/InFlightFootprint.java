package io.maestro.bench.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import javax.management.ObjectName;

/**
 * What one execution in flight keeps alive: the live heap after a full collection with N
 * executions waiting on a server that does not answer yet, minus the live heap with N others
 * already waiting (so that connection pools, loaded classes and compiled code are counted in
 * neither). Unlike throughput on a shared machine this is deterministic, and it is what the
 * young collector copies for every execution in flight: under load, state that lives as long as
 * an execution survives collections and is copied, then promoted.
 *
 * <p>{@link #leftBehind} measures the other end: the live heap's growth across a closed-loop
 * run, per execution that ended in it (nothing should accumulate). Both print the classes whose
 * live instances grew most, per execution.
 */
final class InFlightFootprint {

    private InFlightFootprint() {
    }

    static void measure(String name, LongFunction<CompletionStage<Boolean>> kind, DelayedServer server, int executions,
                        int requestsPerExecution, AtomicLong ids) throws Exception {
        List<CompletionStage<Boolean>> held = new ArrayList<>();
        start(kind, server, executions, requestsPerExecution, ids, held); // connections, classes, pools
        Map<String, long[]> histogramBefore = histogram(); // first: it is live in both measures then
        long before = liveHeap();
        start(kind, server, executions, requestsPerExecution, ids, held);
        long after = liveHeap();
        Map<String, long[]> histogramAfter = histogram();
        for (CompletionStage<Boolean> stage : held) {
            if (stage.toCompletableFuture().isDone()) {
                throw new IllegalStateException(name + ": an execution ended while it should still be waiting: "
                        + stage.toCompletableFuture().join());
            }
        }
        System.out.printf(Locale.ROOT, "%s: %.0f bytes live per execution in flight (%d executions x %d requests)%n",
                name, (after - before) / (double) executions, executions, requestsPerExecution);
        print(histogramBefore, histogramAfter, executions);
    }

    /** What ended executions leave behind: live heap growth across a closed-loop run, per execution. */
    static void leftBehind(String name, LongFunction<CompletionStage<Boolean>> kind, int concurrency, java.time.Duration run,
                           AtomicLong ids) throws Exception {
        ClosedLoop.run("warm-up " + name, concurrency, run, kind, ids);
        Map<String, long[]> histogramBefore = histogram(); // first: it is live in both measures then
        long before = liveHeap();
        ClosedLoop.Result r = ClosedLoop.run(name, concurrency, run, kind, ids);
        long after = liveHeap();
        Map<String, long[]> histogramAfter = histogram();
        long executions = r.completed() + r.failures();
        System.out.printf(Locale.ROOT, "%s: %.1f bytes left per ended execution (%d executions)%n", name,
                (after - before) / (double) executions, executions);
        print(histogramBefore, histogramAfter, executions);
    }

    private static void print(Map<String, long[]> histogramBefore, Map<String, long[]> histogramAfter, long executions) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        for (Map.Entry<String, long[]> e : histogramAfter.entrySet()) {
            long[] was = histogramBefore.getOrDefault(e.getKey(), new long[2]);
            grown.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]}));
        }
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        System.out.printf(Locale.ROOT, "  %10s %10s  %s%n", "objects", "bytes", "class (per execution; grown most)");
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(40, grown.size()))) {
            System.out.printf(Locale.ROOT, "  %10.2f %10.1f  %s%n", e.getValue()[0] / (double) executions,
                    e.getValue()[1] / (double) executions, e.getKey());
        }
        System.out.printf(Locale.ROOT, "  %10.2f %10.1f  all%n",
                grown.stream().mapToLong(e -> e.getValue()[0]).sum() / (double) executions,
                grown.stream().mapToLong(e -> e.getValue()[1]).sum() / (double) executions);
    }

    private static void start(LongFunction<CompletionStage<Boolean>> kind, DelayedServer server, int executions,
                              int requestsPerExecution, AtomicLong ids, List<CompletionStage<Boolean>> held)
            throws InterruptedException {
        long expected = server.received() + (long) executions * requestsPerExecution;
        for (int i = 0; i < executions; i++) {
            held.add(kind.apply(ids.incrementAndGet()));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.received() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server received " + server.received() + " requests of " + expected);
            }
            Thread.sleep(20);
        }
        Thread.sleep(500); // let the senders settle into waiting
    }

    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Live instances and bytes per class, from a full collection (as {@code jmap -histo:live}). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return byClass;
    }
}
