package io.maestro.internal.policy;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerBuilder;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import io.maestro.MaestroException;
import io.maestro.model.CircuitBreakerSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per service binding, shared by every execution of an orchestrator. Only
 * failures that say something about the service's health (retryable ones: connection errors,
 * timeouts, 5xx, UNAVAILABLE…) count against it; a 400 is the caller's fault and counts as a
 * success.
 */
public final class CircuitBreakers {

    /** Receives state changes: service, from, to (CLOSED, OPEN, HALF_OPEN). */
    public interface Listener {
        void changed(String service, String from, String to);
    }

    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Listener listener;

    public CircuitBreakers(Listener listener) {
        this.listener = listener;
    }

    /** The breaker of a service, or {@code null} when its binding declares none. */
    public Breaker of(String service, CircuitBreakerSpec spec) {
        if (spec == null) {
            return null;
        }
        return breakers.computeIfAbsent(service, s -> new Breaker(s, build(s, spec)));
    }

    private CircuitBreaker<Object> build(String service, CircuitBreakerSpec spec) {
        CircuitBreakerBuilder<Object> b = CircuitBreaker.builder()
                .withDelay(spec.openFor())
                .withSuccessThreshold(spec.halfOpenCalls());
        if (spec.failureRate() > 0) {
            int failures = Math.max(1, (int) Math.ceil(spec.failureRate() * spec.minimumCalls() / 100.0));
            b.withFailureThreshold(failures, spec.minimumCalls());
        } else {
            b.withFailureThreshold(spec.failureThreshold());
        }
        b.onOpen(e -> changed(service, e, "OPEN"))
                .onHalfOpen(e -> changed(service, e, "HALF_OPEN"))
                .onClose(e -> changed(service, e, "CLOSED"));
        return b.build();
    }

    private void changed(String service, CircuitBreakerStateChangedEvent e, String to) {
        listener.changed(service, e.getPreviousState().name(), to);
    }

    /** A service's breaker, used around each attempt. */
    public static final class Breaker {
        private final String service;
        private final CircuitBreaker<Object> breaker;

        Breaker(String service, CircuitBreaker<Object> breaker) {
            this.service = service;
            this.breaker = breaker;
        }

        /** Takes a permit, or returns the failure to report when the circuit is open. */
        public MaestroException tryAcquire() {
            if (breaker.tryAcquirePermit()) {
                return null;
            }
            return new MaestroException("circuit_open", "circuit breaker of service '" + service + "' is open; retry in "
                    + breaker.getRemainingDelay().toMillis() + " ms", true);
        }

        public void record(MaestroException failure) {
            if (failure == null || !failure.isRetryable() || Failures.isFinal(failure)) {
                breaker.recordSuccess();
            } else {
                breaker.recordFailure();
            }
        }

        public String state() {
            return breaker.getState().name();
        }
    }
}
