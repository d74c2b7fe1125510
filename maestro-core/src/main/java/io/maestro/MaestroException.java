package io.maestro;

import java.time.Duration;
import java.util.Optional;

/**
 * The root of every exception Maestro throws or reports (unchecked).
 *
 * <p>Each failure carries a stable, machine-readable {@link #code() code} (for example
 * {@code timeout}, {@code connection}, {@code http_503}, {@code grpc_UNAVAILABLE},
 * {@code expression}) and says whether retrying the same call may succeed
 * ({@link #isRetryable()}). Retry policies decide from these two facts only:
 *
 * <pre>{@code
 * throw new MaestroException("http_503", "credit_bureau answered 503", true);
 * }</pre>
 */
public class MaestroException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    public MaestroException(String code, String message, boolean retryable) {
        this(code, message, retryable, null, null);
    }

    public MaestroException(String code, String message, boolean retryable, Throwable cause) {
        this(code, message, retryable, null, cause);
    }

    /**
     * @param retryAfter a hint from the service (an HTTP {@code Retry-After} header, say) of
     *     how long to wait before the next attempt; {@code null} when the service gave none
     */
    public MaestroException(String code, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = code == null || code.isBlank() ? "error" : code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A short, stable identifier of the kind of failure, usable in {@code retry_on}. */
    public String code() {
        return code;
    }

    /** Whether another attempt of the same call may succeed. */
    public boolean isRetryable() {
        return retryable;
    }

    /** How long the service asked us to wait before retrying, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
