package io.maestro.internal.expression;

import io.maestro.expression.ExpressionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A string from a workflow definition that may hold {@code {{ expr }}} templates, parsed and
 * compiled once.
 *
 * <p>A text that is exactly one template (surrounding whitespace aside) evaluates to the typed
 * value of its expression; a text mixing literal text and templates evaluates to a string; a text
 * without templates evaluates to itself.
 *
 * <pre>{@code
 * Template when = Template.parse("{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}");
 * boolean go = when.evaluateCondition(Map.of(
 *         "credit_score", Map.of("value", 742),
 *         "fraud_risk", Map.of("level", "low")));        // true
 * Template.parse("Dear {{ .input.name }}").evaluate(Map.of("input", Map.of("name", "Ada"))); // "Dear Ada"
 * }</pre>
 *
 * <p>Expressions are validated by Maestro's own parser, which rejects anything outside the
 * expression grammar (method calls, {@code new}, assignment, loops, ...) with an
 * {@link ExpressionException} giving the position in the text. Only then are they handed to
 * MVEL, as source Maestro generates from the syntax tree; context values are only ever data.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Template {

    private enum Shape { CONSTANT, SINGLE_EXPRESSION, MIXED }

    private final String source;
    private final Shape shape;
    /** Literal text before, between and after the expressions: one more than expressions. */
    private final String[] texts;
    private final Expression[] expressions;

    private Template(String source, Shape shape, String[] texts, Expression[] expressions) {
        this.source = source;
        this.shape = shape;
        this.texts = texts;
        this.expressions = expressions;
    }

    /**
     * Parses and validates {@code text} with Maestro's expression parser, then compiles each
     * expression with MVEL, once.
     *
     * @throws ExpressionException for anything outside the grammar, with its position in {@code text}
     */
    public static Template parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> texts = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        int cursor = 0;
        int open;
        while ((open = text.indexOf("{{", cursor)) >= 0) {
            texts.add(text.substring(cursor, open));
            Parser parser = new Parser(text, open);
            starts.add(parser.start());
            nodes.add(parser.parseUntilClose());
            cursor = parser.end();
        }
        texts.add(text.substring(cursor));
        // Only once the whole text is valid does anything reach MVEL.
        List<Expression> expressions = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            expressions.add(Expression.compile(text, starts.get(i), nodes.get(i)));
        }

        Shape shape;
        if (expressions.isEmpty()) {
            shape = Shape.CONSTANT;
        } else if (expressions.size() == 1 && texts.get(0).isBlank() && texts.get(1).isBlank()) {
            shape = Shape.SINGLE_EXPRESSION;
        } else {
            shape = Shape.MIXED;
        }
        return new Template(text, shape, texts.toArray(String[]::new), expressions.toArray(Expression[]::new));
    }

    /** The text as written. */
    public String source() {
        return source;
    }

    /** Whether the text holds no template: {@link #evaluate} returns it unchanged. */
    public boolean isConstant() {
        return shape == Shape.CONSTANT;
    }

    /** Whether the text is exactly one template: {@link #evaluate} returns its typed value. */
    public boolean isSingleExpression() {
        return shape == Shape.SINGLE_EXPRESSION;
    }

    /**
     * Evaluates against a context of JSON-like data ({@code Map}, {@code List}, {@code String},
     * {@code Number}, {@code Boolean}, {@code null}).
     *
     * @return the typed value of a single expression (possibly null); otherwise a string in which
     *     null renders as empty, whole numbers without a fraction, and maps and lists as JSON
     * @throws ExpressionException if evaluation fails (division by zero, an operator applied to
     *     the wrong type of value, ...)
     */
    public Object evaluate(Map<String, ?> context) {
        Map<String, ?> variables = context == null ? Map.of() : context;
        switch (shape) {
            case CONSTANT:
                return source;
            case SINGLE_EXPRESSION:
                return expressions[0].evaluate(variables);
            default:
                StringBuilder out = new StringBuilder(source.length() + 16);
                for (int i = 0; i < expressions.length; i++) {
                    out.append(texts[i]);
                    Object value = expressions[i].evaluate(variables);
                    try {
                        out.append(Values.render(value, expressions[i].position()));
                    } catch (EvaluationError e) {
                        throw new ExpressionException(source, e.position(), e.reason());
                    }
                }
                return out.append(texts[expressions.length]).toString();
        }
    }

    /**
     * Evaluates a {@code when} condition: true only for {@code true}; null is false.
     *
     * @throws ExpressionException if the value is neither a boolean nor null
     */
    public boolean evaluateCondition(Map<String, ?> context) {
        Object value = evaluate(context);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null) {
            return false;
        }
        int position = shape == Shape.SINGLE_EXPRESSION ? expressions[0].position() : -1;
        throw new ExpressionException(source, position, "condition must yield a boolean, got " + Values.typeName(value));
    }

    @Override
    public String toString() {
        return source;
    }
}
