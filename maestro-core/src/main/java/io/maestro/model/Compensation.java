package io.maestro.model;

import java.time.Duration;

/**
 * How to undo a completed step (saga). {@code service} {@code null} means the step's own
 * service; {@code input} may hold templates that see the whole context, including the step's
 * own output and {@code error}. {@code retry} and {@code timeout} are optional.
 */
public record Compensation(String service, String method, Object input, RetrySpec retry, Duration timeout) {

    public Compensation {
        input = JsonValues.immutableCopy(input);
    }

    public static Compensation of(String method) {
        return new Compensation(null, method, null, null, null);
    }
}
