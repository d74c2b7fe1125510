package io.maestro.internal.policy;

import dev.failsafe.RetryPolicy;
import io.maestro.MaestroException;
import io.maestro.model.RetrySpec;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the Failsafe retry policy of a {@link RetrySpec}. */
public final class RetryPolicies {

    private RetryPolicies() {
    }

    public static RetryPolicy<Object> of(RetrySpec spec) {
        return RetryPolicy.builder()
                .withMaxAttempts(spec.maxAttempts())
                .handleIf((result, failure) -> failure != null && Failures.selects(spec.retryOn(), Failures.of(failure)))
                .withDelayFn(ctx -> delay(spec, ctx.getAttemptCount(), ctx.getLastException()))
                .build();
    }

    /**
     * The wait before attempt {@code attempts + 1}: exponential, capped, jittered; a service's
     * Retry-After hint wins when it is within the backoff's max.
     */
    static Duration delay(RetrySpec spec, int attempts, Throwable last) {
        if (last != null) {
            MaestroException failure = Failures.of(last);
            if (failure.retryAfter().isPresent()) {
                Duration hint = failure.retryAfter().get();
                if (!hint.isNegative() && hint.compareTo(spec.maxDelay()) <= 0) {
                    return hint;
                }
            }
        }
        double base = spec.initialDelay().toNanos() * Math.pow(spec.multiplier(), Math.max(0, attempts - 1));
        double capped = Math.min(base, spec.maxDelay().toNanos());
        double jittered = spec.jitter() == 0
                ? capped
                : capped * (1 + spec.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Duration.ofNanos((long) Math.max(0, Math.min(jittered, spec.maxDelay().toNanos())));
    }
}
