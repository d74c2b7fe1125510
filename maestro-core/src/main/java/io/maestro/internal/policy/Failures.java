package io.maestro.internal.policy;

import io.maestro.MaestroException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/** Turns anything a transport or the engine throws into a {@link MaestroException}, and decides retries. */
public final class Failures {

    private static final Pattern HTTP = Pattern.compile("http_(\\d)\\d\\d");

    private Failures() {
    }

    public static MaestroException of(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof MaestroException m) {
            return m;
        }
        if (cause instanceof CancellationException) {
            return new MaestroException("cancelled", "the call was cancelled", false, cause);
        }
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new MaestroException("error", message, false, cause);
    }

    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Failures the engine causes itself; they end a step whatever {@code retry_on} says. */
    public static boolean isFinal(MaestroException e) {
        return switch (e.code()) {
            case "cancelled", "deadline", "expression", "definition" -> true;
            default -> false;
        };
    }

    /**
     * Whether a {@code retry_on} list (empty: the default rule) selects this failure.
     */
    public static boolean selects(List<String> retryOn, MaestroException e) {
        if (isFinal(e)) {
            return false;
        }
        if (retryOn.isEmpty()) {
            return e.isRetryable();
        }
        for (String token : retryOn) {
            if (token.equals("any") || token.equals(e.code()) || (token.equals("retryable") && e.isRetryable())) {
                return true;
            }
            var m = HTTP.matcher(e.code());
            if (m.matches() && token.equals("http_" + m.group(1) + "xx")) {
                return true;
            }
        }
        return false;
    }
}
