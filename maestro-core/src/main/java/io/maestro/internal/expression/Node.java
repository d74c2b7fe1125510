package io.maestro.internal.expression;

import java.util.List;

/**
 * The validated syntax tree of one expression. Every node that can fail while it is evaluated
 * keeps the offset of its operator or name in the template, for error messages.
 */
sealed interface Node {

    /** The root of the context: where {@code input}, {@code execution} and step outputs live. */
    record Root() implements Node {}

    record Literal(Object value) implements Node {}

    /** {@code target.name}, and {@code name} alone (whose target is the {@link Root}). */
    record Member(Node target, String name) implements Node {}

    /** {@code target[index]}. */
    record Index(Node target, Node index) implements Node {}

    record Unary(UnaryOperator operator, Node operand, int position) implements Node {}

    record Binary(BinaryOperator operator, Node left, Node right, int position) implements Node {}

    /** {@code test ? then : otherwise}; {@code position} is that of the {@code ?}. */
    record Conditional(Node test, Node then, Node otherwise, int position) implements Node {}

    record Call(Function function, List<Node> arguments, int position) implements Node {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    enum UnaryOperator {
        NOT("!"), NEGATE("-");

        final String symbol;

        UnaryOperator(String symbol) {
            this.symbol = symbol;
        }
    }

    enum BinaryOperator {
        OR("||"), AND("&&"),
        EQUAL("=="), NOT_EQUAL("!="),
        LESS("<"), LESS_EQUAL("<="), GREATER(">"), GREATER_EQUAL(">="),
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%");

        final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }
    }
}
