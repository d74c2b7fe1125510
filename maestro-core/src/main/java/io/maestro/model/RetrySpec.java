package io.maestro.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failed call is retried: up to {@code maxAttempts} attempts in all (1 means no retry),
 * waiting {@code initialDelay × multiplier^(n-1)} before attempt {@code n+1}, capped at
 * {@code maxDelay}, randomised by ±{@code jitter} (a fraction, 0 to 1).
 *
 * <p>{@code retryOn} chooses which failures are retried. Empty means the default: every failure
 * whose {@link io.maestro.MaestroException#isRetryable()} is true. Otherwise a failure is retried
 * when one entry matches it: {@code retryable} (the default rule), {@code any}, or a failure
 * {@link io.maestro.MaestroException#code() code} such as {@code timeout}, {@code connection},
 * {@code circuit_open}, {@code http_503}, {@code http_5xx}, {@code http_4xx},
 * {@code grpc_UNAVAILABLE}. So {@code [retryable, http_409]} widens the default and
 * {@code [timeout]} narrows it.
 *
 * <pre>{@code
 * RetrySpec r = RetrySpec.exponential(5, Duration.ofMillis(100), Duration.ofSeconds(5)).withJitter(0);
 * }</pre>
 */
public record RetrySpec(
        int maxAttempts,
        Duration initialDelay,
        Duration maxDelay,
        double multiplier,
        double jitter,
        List<String> retryOn) {

    /** The built-in default: 3 attempts, 100 ms, ×2, at most 10 s, jitter 0.2. */
    public static final RetrySpec DEFAULT = new RetrySpec(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.2, List.of());

    /** The default for compensations: 5 attempts, otherwise as {@link #DEFAULT}. */
    public static final RetrySpec COMPENSATION_DEFAULT = DEFAULT.withMaxAttempts(5);

    private static final RetrySpec NONE = new RetrySpec(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0, List.of());

    public RetrySpec {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry max_attempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry backoff max (" + maxDelay + ") is below initial (" + initialDelay + ")");
        }
        if (multiplier < 1.0 || Double.isNaN(multiplier)) {
            throw new IllegalArgumentException("retry backoff multiplier must be at least 1.0, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("retry backoff jitter must be between 0 and 1, got " + jitter);
        }
        retryOn = retryOn == null ? List.of() : List.copyOf(retryOn);
    }

    /** Exactly one attempt ({@code retry: none}). */
    public static RetrySpec none() {
        return NONE;
    }

    /** Exponential backoff with multiplier 2 and jitter 0.2. */
    public static RetrySpec exponential(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        return new RetrySpec(maxAttempts, initialDelay, maxDelay, 2.0, 0.2, List.of());
    }

    public RetrySpec withMaxAttempts(int value) {
        return new RetrySpec(value, initialDelay, maxDelay, multiplier, jitter, retryOn);
    }

    public RetrySpec withMultiplier(double value) {
        return new RetrySpec(maxAttempts, initialDelay, maxDelay, value, jitter, retryOn);
    }

    public RetrySpec withJitter(double value) {
        return new RetrySpec(maxAttempts, initialDelay, maxDelay, multiplier, value, retryOn);
    }

    public RetrySpec withRetryOn(String... codes) {
        return new RetrySpec(maxAttempts, initialDelay, maxDelay, multiplier, jitter, List.of(codes));
    }

    /** Whether this spec allows more than one attempt. */
    public boolean retries() {
        return maxAttempts > 1;
    }
}
