package io.maestro.internal.expression;

import io.maestro.internal.expression.Node.Binary;
import io.maestro.internal.expression.Node.Call;
import io.maestro.internal.expression.Node.Conditional;
import io.maestro.internal.expression.Node.Index;
import io.maestro.internal.expression.Node.Literal;
import io.maestro.internal.expression.Node.Member;
import io.maestro.internal.expression.Node.Root;
import io.maestro.internal.expression.Node.Unary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes MVEL source for a validated syntax tree. The source is made only of {@link Builtins}
 * calls, the variable {@value #ROOT}, constant variables {@code k0, k1, ...}, offsets, commas,
 * parentheses, {@code && || ? :}: literals and property names travel as constant values, so
 * nothing the user wrote is ever part of it.
 */
final class MvelTranslator {

    static final String ROOT = "root";
    static final String CONSTANT_PREFIX = "k";

    // The vocabulary above, checked on every translation: no quotes, dots, '=', ';' or braces.
    private static final Pattern VOCABULARY = Pattern.compile("[A-Za-z0-9_(), ?:&|]*");

    /** MVEL source and the values of its constant variables ({@code k<i>} is element i; may be null). */
    record Translation(String source, List<Object> constants) {}

    private final StringBuilder out = new StringBuilder();
    private final List<Object> constants = new ArrayList<>();

    private MvelTranslator() {}

    static Translation translate(Node node) {
        MvelTranslator translator = new MvelTranslator();
        translator.emit(node);
        String source = translator.out.toString();
        if (!VOCABULARY.matcher(source).matches()) {
            throw new IllegalStateException("generated MVEL source outside its vocabulary: " + source);
        }
        return new Translation(source, Collections.unmodifiableList(translator.constants));
    }

    private void emit(Node node) {
        if (node instanceof Root) {
            out.append(ROOT);
        } else if (node instanceof Literal literal) {
            constant(literal.value());
        } else if (node instanceof Member || isConstantIndex(node)) {
            path(node);
        } else if (node instanceof Index index) {
            call("at", index.target(), index.index());
        } else if (node instanceof Unary unary) {
            call(unary.operator() == Node.UnaryOperator.NOT ? "opNot" : "opNegate", unary.operand(), unary.position());
        } else if (node instanceof Binary binary) {
            binary(binary);
        } else if (node instanceof Conditional conditional) {
            out.append('(');
            test(conditional.test(), conditional.position());
            out.append(" ? ");
            emit(conditional.then());
            out.append(" : ");
            emit(conditional.otherwise());
            out.append(')');
        } else if (node instanceof Call call) {
            out.append(call.function().helper).append('(');
            for (Node argument : call.arguments()) {
                emit(argument);
                out.append(", ");
            }
            out.append(call.position()).append(')');
        } else {
            throw new IllegalStateException("unknown node " + node);
        }
    }

    private static boolean isConstantIndex(Node node) {
        return node instanceof Index index && index.index() instanceof Literal literal && literal.value() != null;
    }

    // A chain of constant steps (a.b['c'][0]) becomes one lookup with a key array.
    private void path(Node node) {
        Deque<Object> keys = new ArrayDeque<>();
        Node base = node;
        while (true) {
            if (base instanceof Member member) {
                keys.addFirst(member.name());
                base = member.target();
            } else if (isConstantIndex(base)) {
                Index index = (Index) base;
                keys.addFirst(((Literal) index.index()).value());
                base = index.target();
            } else {
                break;
            }
        }
        out.append("path(");
        emit(base);
        out.append(", ");
        constant(keys.toArray());
        out.append(')');
    }

    private void binary(Binary binary) {
        switch (binary.operator()) {
            case AND, OR -> logical(binary);
            case EQUAL -> call("opEqual", binary.left(), binary.right());
            case NOT_EQUAL -> call("opNotEqual", binary.left(), binary.right());
            case LESS -> call("opLess", binary.left(), binary.right());
            case LESS_EQUAL -> call("opLessEqual", binary.left(), binary.right());
            case GREATER -> call("opGreater", binary.left(), binary.right());
            case GREATER_EQUAL -> call("opGreaterEqual", binary.left(), binary.right());
            case ADD -> call("opAdd", binary.left(), binary.right(), binary.position());
            case SUBTRACT -> call("opSubtract", binary.left(), binary.right(), binary.position());
            case MULTIPLY -> call("opMultiply", binary.left(), binary.right(), binary.position());
            case DIVIDE -> call("opDivide", binary.left(), binary.right(), binary.position());
            case REMAINDER -> call("opRemainder", binary.left(), binary.right(), binary.position());
        }
    }

    // a && b && c is written flat: MVEL's compile time grows steeply with nested parentheses.
    private void logical(Binary binary) {
        // Operands right to left, each with the offset of the operator next to it, for errors.
        Deque<Node> operands = new ArrayDeque<>();
        Deque<Integer> positions = new ArrayDeque<>();
        Node node = binary;
        while (node instanceof Binary chained && chained.operator() == binary.operator()) {
            operands.addFirst(chained.right());
            positions.addFirst(chained.position());
            node = chained.left();
        }
        operands.addFirst(node);
        positions.addFirst(positions.peekFirst());
        String operator = binary.operator() == Node.BinaryOperator.AND ? " && " : " || ";
        out.append('(');
        while (!operands.isEmpty()) {
            test(operands.removeFirst(), positions.removeFirst());
            if (!operands.isEmpty()) {
                out.append(operator);
            }
        }
        out.append(')');
    }

    // MVEL's && || ?: and ! need booleans; opTest makes one (or fails) unless the operand already is.
    private void test(Node operand, int position) {
        if (yieldsBoolean(operand)) {
            emit(operand);
        } else {
            call("opTest", operand, position);
        }
    }

    private static boolean yieldsBoolean(Node node) {
        if (node instanceof Binary binary) {
            return switch (binary.operator()) {
                case ADD, SUBTRACT, MULTIPLY, DIVIDE, REMAINDER -> false;
                default -> true;
            };
        }
        if (node instanceof Unary unary) {
            return unary.operator() == Node.UnaryOperator.NOT;
        }
        if (node instanceof Call call) {
            return switch (call.function()) {
                case CONTAINS, STARTS_WITH, ENDS_WITH, EMPTY -> true;
                default -> false;
            };
        }
        return false;
    }

    private void call(String helper, Node first, int position) {
        out.append(helper).append('(');
        emit(first);
        out.append(", ").append(position).append(')');
    }

    private void call(String helper, Node first, Node second) {
        out.append(helper).append('(');
        emit(first);
        out.append(", ");
        emit(second);
        out.append(')');
    }

    private void call(String helper, Node first, Node second, int position) {
        out.append(helper).append('(');
        emit(first);
        out.append(", ");
        emit(second);
        out.append(", ").append(position).append(')');
    }

    private void constant(Object value) {
        out.append(CONSTANT_PREFIX).append(constants.size());
        constants.add(value);
    }
}
