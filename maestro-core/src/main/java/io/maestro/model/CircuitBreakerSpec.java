package io.maestro.model;

import java.time.Duration;
import java.util.Objects;

/**
 * When a service's circuit opens and for how long. The circuit opens when, over the last
 * {@code minimumCalls} calls (at least), the failure rate reaches {@code failureRate} percent;
 * or, when {@code failureRate} is 0, after {@code failureThreshold} consecutive failures. It stays
 * open for {@code openFor}, then lets {@code halfOpenCalls} trial calls through; if they all
 * succeed it closes, otherwise it opens again.
 *
 * <pre>{@code
 * CircuitBreakerSpec cb = CircuitBreakerSpec.failureRate(50, 10, Duration.ofSeconds(30));
 * }</pre>
 */
public record CircuitBreakerSpec(int failureRate, int failureThreshold, int minimumCalls, Duration openFor, int halfOpenCalls) {

    public CircuitBreakerSpec {
        Objects.requireNonNull(openFor, "openFor");
        if (failureRate < 0 || failureRate > 100) {
            throw new IllegalArgumentException("circuit_breaker failure_rate must be between 0 and 100, got " + failureRate);
        }
        if (failureRate == 0 && failureThreshold < 1) {
            throw new IllegalArgumentException("circuit_breaker needs failure_rate (1-100) or failure_threshold (>= 1)");
        }
        if (minimumCalls < 1) {
            throw new IllegalArgumentException("circuit_breaker minimum_calls must be at least 1, got " + minimumCalls);
        }
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException("circuit_breaker half_open_calls must be at least 1, got " + halfOpenCalls);
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("circuit_breaker open_for must be positive");
        }
    }

    /** Opens at {@code percent}% failures over at least {@code minimumCalls} calls; one trial call. */
    public static CircuitBreakerSpec failureRate(int percent, int minimumCalls, Duration openFor) {
        return new CircuitBreakerSpec(percent, 0, minimumCalls, openFor, 1);
    }

    /** Opens after {@code failures} consecutive failures; one trial call. */
    public static CircuitBreakerSpec consecutiveFailures(int failures, Duration openFor) {
        return new CircuitBreakerSpec(0, failures, failures, openFor, 1);
    }

    public CircuitBreakerSpec withHalfOpenCalls(int calls) {
        return new CircuitBreakerSpec(failureRate, failureThreshold, minimumCalls, openFor, calls);
    }
}
