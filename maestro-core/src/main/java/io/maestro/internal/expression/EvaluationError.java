package io.maestro.internal.expression;

/**
 * Thrown by {@link Builtins} from inside MVEL; {@link Expression} turns it into an
 * {@code ExpressionException} that names the template.
 */
final class EvaluationError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;

    EvaluationError(int position, String reason) {
        // No stack trace: this is an expected outcome, reported by position, and may be frequent.
        super(reason, null, false, false);
        this.position = position;
    }

    int position() {
        return position;
    }

    String reason() {
        return getMessage();
    }
}
