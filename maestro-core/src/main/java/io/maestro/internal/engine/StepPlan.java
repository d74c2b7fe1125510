package io.maestro.internal.engine;

import dev.failsafe.RetryPolicy;
import io.maestro.internal.expression.Template;
import io.maestro.internal.policy.CircuitBreakers;
import io.maestro.model.CallStep;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.Transport;
import java.time.Duration;

/**
 * A call step (or a compensation) ready to run: templates compiled, binding, transport, retry
 * and timeout resolved by precedence, breaker looked up. Immutable; shared by executions.
 *
 * @param input {@code null} means "send the workflow input"
 * @param retryPolicy {@code null} when the spec allows a single attempt
 */
record StepPlan(
        CallStep step,
        String service,
        String method,
        ServiceBinding binding,
        Transport transport,
        Template when,
        ValueTemplate input,
        RetrySpec retry,
        RetryPolicy<Object> retryPolicy,
        Duration timeout,
        CircuitBreakers.Breaker breaker,
        boolean compensation,
        StepPlan compensate) {
}
