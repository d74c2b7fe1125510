package io.maestro.model;

import java.time.Duration;

/**
 * Settings for every step that does not set its own; either may be {@code null}. Used for a
 * workflow's {@code defaults:} and for an orchestrator's defaults
 * ({@code builder.defaults(d -> d.retry(RetrySpec.none()))}).
 */
public record Defaults(Duration timeout, RetrySpec retry) {

    public static final Defaults NONE = new Defaults(null, null);

    /** A copy with this per-attempt timeout. */
    public Defaults timeout(Duration value) {
        return new Defaults(value, retry);
    }

    /** A copy with this retry. */
    public Defaults retry(RetrySpec value) {
        return new Defaults(timeout, value);
    }
}
