package io.maestro.yaml.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in workflows: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, sums
 * such as {@code 1m30s}, or ISO-8601 ({@code PT5S}, {@code PT1M30S}, {@code P1D}).
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:\\d{1,12}(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final String EXPECTED = "expected a number and a unit (250ms, 5s, 2m, 1h, or sums like 1m30s) or ISO-8601 (PT5S)";

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration; " + EXPECTED);
        }
        if (SHORT.matcher(t).matches()) {
            Duration total = Duration.ZERO;
            Matcher m = PART.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
            return total;
        }
        char first = t.charAt(0);
        if (first == 'P' || first == 'p' || ((first == '-' || first == '+') && t.length() > 1 && (t.charAt(1) == 'P' || t.charAt(1) == 'p'))) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid ISO-8601 duration '" + text + "'; " + EXPECTED);
            }
        }
        if (t.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
            throw new IllegalArgumentException("duration '" + text + "' has no unit; write " + t + "s or " + t + "ms");
        }
        throw new IllegalArgumentException("invalid duration '" + text + "'; " + EXPECTED);
    }

    /** The shortest exact form: {@code 1h}, {@code 2m}, {@code 5s}, {@code 250ms}, else ISO-8601. */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
