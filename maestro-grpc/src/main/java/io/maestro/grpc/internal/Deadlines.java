package io.maestro.grpc.internal;

import java.time.Duration;

/** Durations as gRPC deadlines. */
final class Deadlines {

    // gRPC deadlines are in nanoseconds; an engine timeout of days must not overflow them.
    private static final long MAX_NANOS = Duration.ofDays(365).toNanos();

    private Deadlines() {
    }

    static long nanos(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 1;
        }
        return timeout.compareTo(Duration.ofDays(365)) >= 0 ? MAX_NANOS : timeout.toNanos();
    }
}
