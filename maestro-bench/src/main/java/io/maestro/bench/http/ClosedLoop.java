package io.maestro.bench.http;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/** Keeps {@code concurrency} executions in flight for a time; no thread waits on any of them. */
final class ClosedLoop {

    private ClosedLoop() {
    }

    /** Tasks the HTTP client's executor has run so far (each a hand-off between threads), when the harness knows. */
    static volatile java.util.function.LongSupplier executorTasks = () -> 0;

    /**
     * One run. {@code cpuMillis} is the CPU time of the whole process during the run (the test
     * server's included), {@code gcMillis} the collectors' time and {@code jitMillis} the JIT
     * compilers' time in it, {@code allocatedBytes} what all threads allocated and
     * {@code executorTasks} the tasks the HTTP client's executor ran (hand-offs between threads).
     */
    record Result(String name, int concurrency, long completed, long failures, double seconds, double p50Millis,
                  double p99Millis, double maxMillis, int peakThreads, long gcMillis, long jitMillis, long cpuMillis,
                  long allocatedBytes, long executorTasks) {

        static final String HEADER = String.format(Locale.ROOT, "%-9s %11s %10s %8s %12s %8s %8s %8s %12s %7s %7s %12s %14s %11s",
                "run", "concurrency", "executions", "failures", "throughput/s", "p50 ms", "p99 ms", "max ms", "peak threads",
                "GC ms", "JIT ms", "CPU us/exec", "alloc KB/exec", "tasks/exec");

        double throughput() {
            return completed / seconds;
        }

        /** Process CPU time per execution, in microseconds. */
        double cpuMicrosPerExecution() {
            return completed + failures == 0 ? Double.NaN : cpuMillis * 1000.0 / (completed + failures);
        }

        /** Bytes allocated per execution by every thread (the test server's included), in KiB. */
        double allocatedKibPerExecution() {
            return completed + failures == 0 ? Double.NaN : allocatedBytes / 1024.0 / (completed + failures);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-9s %11d %10d %8d %12.0f %8.1f %8.1f %8.1f %12d %7d %7d %12.0f %14.1f %11.2f",
                    name, concurrency, completed, failures, throughput(), p50Millis, p99Millis, maxMillis, peakThreads, gcMillis,
                    jitMillis, cpuMicrosPerExecution(), allocatedKibPerExecution(),
                    completed + failures == 0 ? Double.NaN : executorTasks / (double) (completed + failures));
        }
    }

    static Result run(String name, int concurrency, Duration duration, LongFunction<CompletionStage<Boolean>> execution, AtomicLong ids)
            throws InterruptedException {
        LatencyLog latencies = new LatencyLog(1 << 20);
        AtomicLong failures = new AtomicLong();
        ThreadSampler threads = ThreadSampler.start();
        long gcBefore = gcMillis();
        long jitBefore = jitMillis();
        long cpuBefore = cpuNanos();
        long allocatedBefore = allocatedBytes();
        long tasksBefore = executorTasks.getAsLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next(execution, ids, end, latencies, failures, done);
        }
        if (!done.await(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + ": executions did not finish within a minute of the end of the run");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (Boolean.getBoolean("showThreads")) {
            System.out.println("    threads: " + threads.names());
            System.out.print(threads.stacks());
        }
        long cpu = cpuNanos() - cpuBefore;
        long allocated = allocatedBytes() - allocatedBefore;
        long tasks = executorTasks.getAsLong() - tasksBefore;
        long jit = jitMillis() - jitBefore;
        int peak = threads.stop();
        System.out.printf(Locale.ROOT, "  %-17s concurrency %4d: %7d executions in %.1f s%n", name, concurrency, latencies.size(), seconds);
        return new Result(name, concurrency, latencies.size() - failures.get(), failures.get(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100), peak,
                gcMillis() - gcBefore, jit, cpu / 1_000_000, allocated, tasks);
    }

    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /**
     * Bytes allocated so far by the live threads. The threads of a run live through it (the
     * harness checks that their number does not grow), so the difference over a run is what it
     * allocated.
     */
    private static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return 0;
        }
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static void next(LongFunction<CompletionStage<Boolean>> execution, AtomicLong ids, long end, LatencyLog latencies,
                             AtomicLong failures, CountDownLatch done) {
        while (true) { // a loop, not recursion, for executions that end at once (failures)
            long t0 = System.nanoTime();
            if (t0 >= end) {
                done.countDown();
                return;
            }
            CompletableFuture<Boolean> stage;
            try {
                stage = execution.apply(ids.incrementAndGet()).toCompletableFuture();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            if (!stage.isDone()) {
                stage.whenComplete((ok, failure) -> {
                    record(t0, ok, failure, latencies, failures);
                    next(execution, ids, end, latencies, failures, done);
                });
                return;
            }
            Boolean ok = null;
            Throwable failure = null;
            try {
                ok = stage.join();
            } catch (RuntimeException e) {
                failure = e;
            }
            record(t0, ok, failure, latencies, failures);
        }
    }

    private static void record(long t0, Boolean ok, Throwable failure, LatencyLog latencies, AtomicLong failures) {
        latencies.add(System.nanoTime() - t0);
        if (failure != null || !Boolean.TRUE.equals(ok)) {
            failures.incrementAndGet();
        }
    }
}
