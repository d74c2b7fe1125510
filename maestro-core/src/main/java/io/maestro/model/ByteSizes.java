package io.maestro.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written for people — {@code 10MiB}, {@code 512 KiB}, {@code 4MB} (decimal units),
 * {@code 1.5GiB}, {@code 1024B}, {@code 1024} — as numbers of bytes, for transports' size options.
 *
 * <pre>{@code
 * ByteSizes.parse("10MiB")  // 10485760
 * }</pre>
 */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {
    }

    /** The number of bytes (possibly fractional, e.g. {@code 0.5KB}), or {@code null} if the text is not a size. */
    public static BigDecimal parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long unit = switch (m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT)) {
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    }
}
