package io.maestro.expression;

import io.maestro.MaestroException;

/**
 * An expression that does not parse, uses something outside Maestro's expression grammar,
 * or fails while it is evaluated.
 *
 * <p>{@link #position()} is the zero-based offset of the problem inside {@link #source()}, the
 * whole template text as written (including any {@code {{ }}} delimiters), so that a YAML loader
 * can point at the exact column.
 */
public class ExpressionException extends MaestroException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int position;
    private final String reason;

    public ExpressionException(String source, int position, String reason) {
        super("expression", format(source, position, reason), false);
        this.source = source;
        this.position = position;
        this.reason = reason;
    }

    private static String format(String source, int position, String reason) {
        return position >= 0
                ? "invalid expression '" + source + "' at position " + position + ": " + reason
                : "invalid expression '" + source + "': " + reason;
    }

    /** The template or expression text as written. */
    public String source() {
        return source;
    }

    /** Zero-based offset of the problem in {@link #source()}, or -1 when it has no single position. */
    public int position() {
        return position;
    }

    /** What is wrong, without the source and position. */
    public String reason() {
        return reason;
    }
}
