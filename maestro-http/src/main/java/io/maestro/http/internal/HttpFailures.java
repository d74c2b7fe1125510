package io.maestro.http.internal;

import io.maestro.MaestroException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Classifies what went wrong with an exchange as a {@link MaestroException} (DESIGN §5): the
 * code says what happened and whether another attempt may succeed.
 *
 * <ul>
 *   <li>{@code http_<status>}: the service answered 3xx (redirects are never followed) or
 *       4xx/5xx; retryable for 408, 429, 500, 502, 503 and 504; the message holds the first
 *       KiB of the body, and {@code Retry-After} (seconds or an HTTP date) becomes the retry hint;
 *   <li>{@code connection} (retryable): refused, reset, closed, or the host not resolved;
 *   <li>{@code timeout} (retryable): no complete response within the attempt's timeout;
 *   <li>{@code tls} (not retryable): the server's certificate is not trusted or does not name
 *       the host;
 *   <li>{@code bad_response} (not retryable): a body declared as JSON that is not;
 *   <li>{@code response_too_large} (not retryable): a body over {@code max_response_size};
 *   <li>{@code invalid_method}, {@code invalid_input}, {@code invalid_binding} (not retryable):
 *       the request could not be built from the step.
 * </ul>
 */
final class HttpFailures {

    static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private final Clock clock;

    HttpFailures(Clock clock) {
        this.clock = clock;
    }

    MaestroException status(Exchange exchange, int status, HttpHeaders headers, ResponseBody body) {
        String contentType = headers.firstValue("Content-Type").orElse(null);
        StringBuilder message = new StringBuilder(exchange.describe()).append(" answered ").append(status);
        if (status >= 300 && status < 400) {
            message.append(", a redirect");
            headers.firstValue("Location").ifPresent(l -> message.append(" to ").append(l));
            message.append(" that Maestro does not follow");
        }
        if (body.isEmpty()) {
            message.append(" with an empty body");
        } else {
            message.append(": ").append(excerpt(contentType, body));
        }
        Duration retryAfter = status >= 400 ? headers.firstValue("Retry-After").map(v -> retryAfter(v, clock)).orElse(null) : null;
        return new MaestroException("http_" + status, message.toString(), RETRYABLE_STATUSES.contains(status), retryAfter, null);
    }

    MaestroException exchangeFailed(Exchange exchange, Throwable failure) {
        Throwable t = unwrap(failure);
        String where = exchange.describe();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ResponseTooLargeException) {
                return new MaestroException("response_too_large", where + ": " + c.getMessage(), false, t);
            }
            if (c instanceof HttpTimeoutException) {
                return timeout(exchange);
            }
            if (c instanceof SSLHandshakeException) {
                return new MaestroException("tls", where + ": TLS handshake failed: " + rootMessage(c), false, t);
            }
            if (c instanceof ConnectException) {
                return new MaestroException("connection", where + ": cannot connect: " + rootMessage(c), true, t);
            }
        }
        if (t instanceof CancellationException) {
            return new MaestroException("cancelled", where + ": the request was cancelled", false, t);
        }
        if (t instanceof IOException) {
            return new MaestroException("connection", where + ": " + rootMessage(t), true, t);
        }
        if (t instanceof IllegalArgumentException) {
            return new MaestroException("invalid_input", where + ": " + t.getMessage(), false, t);
        }
        return new MaestroException("error", where + ": " + rootMessage(t), false, t);
    }

    MaestroException timeout(Exchange exchange) {
        return new MaestroException("timeout", exchange.describe() + ": no response within " + exchange.timeout().toMillis() + " ms", true);
    }

    static MaestroException badResponse(Exchange exchange, String contentType, ResponseBody body, IOException cause) {
        return new MaestroException("bad_response", exchange.describe() + " answered " + contentType
                + " that is not valid JSON (" + cause.getMessage().lines().findFirst().orElse("") + "): " + excerpt(contentType, body), false, cause);
    }

    /**
     * The delay a {@code Retry-After} value asks for: a number of seconds or an HTTP date (a
     * date in the past is zero); {@code null} when it is neither.
     */
    static Duration retryAfter(String value, Clock clock) {
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeException notADate) {
            return null;
        }
    }

    /** At most the first KiB of a body, as text. */
    static String excerpt(String contentType, ResponseBody body) {
        int n = Math.min(body.bytes().length, BoundedBodySubscriber.ERROR_BODY_KEPT);
        String text = ResponseDecoder.text(contentType, n == body.bytes().length ? body.bytes() : java.util.Arrays.copyOf(body.bytes(), n));
        boolean cut = body.truncated() || n < body.bytes().length;
        if (cut) {
            while (text.endsWith("\uFFFD")) {
                text = text.substring(0, text.length() - 1); // a character split by the cut
            }
            return text + "… (truncated)";
        }
        return text;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        String outer = t.getMessage();
        if (m == null || m.isBlank()) {
            m = outer == null || outer.isBlank() ? root.getClass().getSimpleName() : outer;
        }
        return m;
    }
}
