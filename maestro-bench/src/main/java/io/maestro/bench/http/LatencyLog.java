package io.maestro.bench.http;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies in nanoseconds, recorded lock-free from any thread, up to a capacity. */
final class LatencyLog {

    private final long[] values;
    private final AtomicInteger next = new AtomicInteger();

    LatencyLog(int capacity) {
        values = new long[capacity];
    }

    void add(long nanos) {
        int i = next.getAndIncrement();
        if (i < values.length) {
            values[i] = nanos;
        }
    }

    int size() {
        return Math.min(next.get(), values.length);
    }

    /** Read once recording is over. */
    double percentileMillis(double p) {
        int n = size();
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))] / 1e6;
    }
}
