package io.maestro.yaml.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes: {@code 10MiB}, {@code 512KiB}, {@code 1GiB}, {@code 4MB} (decimal), {@code 1024B}. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Sizes() {
    }

    /** The number of bytes, or {@code null} if the text is not a size. */
    static Long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Math.multiplyExact(n, factor);
    }
}
