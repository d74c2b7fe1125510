package io.maestro.internal.expression;

import io.maestro.expression.ExpressionException;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.mvel2.MVEL;
import org.mvel2.ParserContext;
import org.mvel2.integration.VariableResolver;

/**
 * One validated expression compiled by MVEL. Immutable and safe to evaluate from many threads.
 */
final class Expression {

    // Every public static method of Builtins, by name; nothing else is ever imported into MVEL.
    private static final Map<String, Method> BUILTINS = Arrays.stream(Builtins.class.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
            .collect(Collectors.toUnmodifiableMap(Method::getName, m -> m));

    private final String template;
    private final int position;
    private final Serializable compiled;
    private final Map<String, VariableResolver> constants;

    private Expression(String template, int position, Serializable compiled, Map<String, VariableResolver> constants) {
        this.template = template;
        this.position = position;
        this.compiled = compiled;
        this.constants = constants;
    }

    /**
     * @param template the whole template text, for error messages
     * @param position the offset of the expression's first token in {@code template}
     */
    static Expression compile(String template, int position, Node node) {
        MvelTranslator.Translation translation = MvelTranslator.translate(node);
        ParserContext parserContext = new ParserContext();
        // Strict and strongly typed: an unknown name or method fails compilation instead of being looked up at run time.
        parserContext.setStrictTypeEnforcement(true);
        parserContext.setStrongTyping(true);
        BUILTINS.forEach(parserContext::addImport);
        parserContext.addInput(MvelTranslator.ROOT, Object.class);
        Map<String, VariableResolver> constants = new HashMap<>();
        for (int i = 0; i < translation.constants().size(); i++) {
            String name = MvelTranslator.CONSTANT_PREFIX + i;
            parserContext.addInput(name, Object.class);
            constants.put(name, new ContextVariables.ReadOnlyVariable(name, translation.constants().get(i)));
        }
        Serializable compiled;
        try {
            compiled = MVEL.compileExpression(translation.source(), parserContext);
        } catch (RuntimeException e) {
            throw new IllegalStateException("generated MVEL source did not compile: " + translation.source(), e);
        }
        return new Expression(template, position, compiled, Map.copyOf(constants));
    }

    /** Offset of the expression's first token in the template. */
    int position() {
        return position;
    }

    Object evaluate(Map<String, ?> context) {
        try {
            return MVEL.executeExpression(compiled, new ContextVariables(constants, context));
        } catch (RuntimeException e) {
            // MVEL may wrap what a Builtins method throws (reflective invocation); find it.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof EvaluationError error) {
                    throw new ExpressionException(template, error.position(), error.reason());
                }
            }
            ExpressionException failure = new ExpressionException(template, position, "evaluation failed: " + e);
            failure.addSuppressed(e); // ExpressionException has no cause constructor
            throw failure;
        }
    }
}
