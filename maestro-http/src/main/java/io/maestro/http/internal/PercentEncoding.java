package io.maestro.http.internal;

import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-encoding of UTF-8 text. */
final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String UNRESERVED = "-._~";
    private static final String SUB_DELIMS = "!$&'()*+,;=";

    private PercentEncoding() {
    }

    /**
     * A value placed in a path segment or a query component: everything but unreserved
     * characters is encoded, so {@code a b/c&d} becomes {@code a%20b%2Fc%26d}.
     */
    static String component(String text) {
        return encode(text, "");
    }

    /**
     * Literal text of a method's path template as written by the author: characters that are
     * legal in a path are kept (including {@code /} and existing {@code %XX} escapes), the rest
     * encoded.
     */
    static String literalPath(String text) {
        return encode(text, SUB_DELIMS + ":@/%");
    }

    /** Literal text of a method's query template: as {@link #literalPath}, also keeping {@code ?}. */
    static String literalQuery(String text) {
        return encode(text, SUB_DELIMS + ":@/?%");
    }

    private static String encode(String text, String alsoKept) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!kept(c, alsoKept)) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
                for (byte b : text.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    int u = b & 0xFF;
                    if (u < 128 && kept((char) u, alsoKept)) {
                        out.append((char) u);
                    } else {
                        out.append('%').append(HEX[u >> 4]).append(HEX[u & 0xF]);
                    }
                }
                break;
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean kept(char c, String alsoKept) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || UNRESERVED.indexOf(c) >= 0 || alsoKept.indexOf(c) >= 0;
    }
}
