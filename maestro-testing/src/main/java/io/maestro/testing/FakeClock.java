package io.maestro.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, for timestamps in results and journals. Thread-safe.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
 * Orchestrator o = services.orchestratorBuilder().clock(clock).build();
 * clock.advance(Duration.ofSeconds(5));
 * }</pre>
 */
public final class FakeClock extends Clock {

    private volatile Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
