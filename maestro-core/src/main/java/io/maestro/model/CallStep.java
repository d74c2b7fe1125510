package io.maestro.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A call of one method of one service.
 *
 * <p>{@code input} is any JSON-like value (maps, lists, strings, numbers, booleans, null) whose
 * strings may hold {@code {{ }}} templates; {@code null} means the workflow input is sent as it
 * is. {@code output} is the context name the result is bound to; {@code null} means the step id
 * (see {@link #outputName()}). {@code when}, {@code timeout}, {@code retry} and
 * {@code compensation} are optional ({@code null} when absent).
 *
 * <pre>{@code
 * CallStep s = Workflow.named("w").version("1")
 *     .step("credit_check", b -> b.call("credit_bureau", "GetCreditScore").output("credit_score"))
 *     .build().steps().get(0) instanceof CallStep c ? c : null;
 * }</pre>
 */
public record CallStep(
        String id,
        String service,
        String method,
        Object input,
        String output,
        String when,
        Duration timeout,
        RetrySpec retry,
        Compensation compensation,
        OnFailure onFailure,
        boolean idempotent) implements Step {

    public CallStep {
        Objects.requireNonNull(id, "id");
        input = JsonValues.immutableCopy(input);
        onFailure = onFailure == null ? OnFailure.FAIL : onFailure;
    }

    /** The name the result is bound to in the context: {@code output}, or the id when absent. */
    public String outputName() {
        return output == null ? id : output;
    }
}
