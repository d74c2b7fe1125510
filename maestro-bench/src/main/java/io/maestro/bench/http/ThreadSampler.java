package io.maestro.bench.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the live threads every 50 ms and keeps the peak, not counting the in-process test
 * server's threads (which a real deployment would not have) nor the sampler itself.
 */
final class ThreadSampler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, String> firstStacks = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile int peak;

    private ThreadSampler() {
        sampler = new Thread(this::sample, "bench-sampler");
        sampler.setDaemon(true);
    }

    static ThreadSampler start() {
        ThreadSampler s = new ThreadSampler();
        s.peak = s.count();
        s.sampler.start();
        return s;
    }

    /** @return the peak number of live threads while it ran */
    int stop() throws InterruptedException {
        running = false;
        sampler.join();
        return Math.max(peak, count());
    }

    /** For -DshowThreads=true: where each kind of thread was first seen running. */
    String stacks() {
        StringBuilder out = new StringBuilder();
        firstStacks.forEach((name, stack) -> out.append("    ").append(name).append(":\n").append(stack));
        return out.toString();
    }

    private void sample() {
        boolean show = Boolean.getBoolean("showThreads");
        while (running) {
            peak = Math.max(peak, count());
            if (show) {
                Thread.getAllStackTraces().forEach((t, stack) -> {
                    String kind = t.getName().replaceAll("\\d+", "#");
                    if (counted(t.getName()) && stack.length > 0 && !firstStacks.containsKey(kind)) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 0; i < Math.min(stack.length, 25); i++) {
                            b.append("      at ").append(stack[i]).append('\n');
                        }
                        firstStacks.put(kind, b.toString());
                    }
                });
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The names of the threads counted, for -DshowThreads=true. */
    String names() {
        Map<String, Integer> byName = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && counted(info.getThreadName())) {
                byName.merge(info.getThreadName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return byName.toString();
    }

    private static boolean counted(String name) {
        return !DelayedServer.owns(name) && !name.equals("bench-sampler") && !name.equals("bench-watchdog");
    }

    private int count() {
        int n = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && counted(info.getThreadName())) {
                n++;
            }
        }
        return n;
    }
}
