package io.maestro.internal.expression;

import io.maestro.expression.ExpressionException;
import io.maestro.internal.expression.Node.Binary;
import io.maestro.internal.expression.Node.BinaryOperator;
import io.maestro.internal.expression.Node.Call;
import io.maestro.internal.expression.Node.Conditional;
import io.maestro.internal.expression.Node.Index;
import io.maestro.internal.expression.Node.Literal;
import io.maestro.internal.expression.Node.Member;
import io.maestro.internal.expression.Node.Root;
import io.maestro.internal.expression.Node.Unary;
import io.maestro.internal.expression.Node.UnaryOperator;
import io.maestro.internal.expression.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recursive-descent parser for the expression inside one {@code {{ }}}. It accepts the
 * expression grammar and nothing else, so whatever it returns is safe to translate.
 *
 * <pre>
 * expression  = or ( "?" expression ":" expression )?
 * or          = and ( "||" and )*
 * and         = equality ( "&amp;&amp;" equality )*
 * equality    = comparison ( ( "==" | "!=" ) comparison )*
 * comparison  = additive ( ( "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) additive )?
 * additive    = product ( ( "+" | "-" ) product )*
 * product     = unary ( ( "*" | "/" | "%" ) unary )*
 * unary       = ( "!" | "-" ) unary | postfix
 * postfix     = primary ( "." name | "[" expression "]" )*
 * primary     = number | string | true | false | null | function "(" arguments ")"
 *             | name | "." name | "." "[" expression "]" | "(" expression ")"
 * </pre>
 */
final class Parser {

    // Deep enough for any real condition, shallow enough that neither this parser nor MVEL's
    // compiler can overflow the stack (MVEL's does at a few hundred levels).
    private static final int MAX_DEPTH = 100;

    private static final String METHOD_CALLS = "method calls are not allowed";
    private static final String LOOPS = "loops are not allowed";
    private static final String STATEMENTS = "statements are not allowed; an expression yields a value";

    // Words that start statements or declarations in MVEL and Java; after a dot they are plain names.
    private static final Map<String, String> KEYWORDS = Map.ofEntries(
            Map.entry("new", "object creation ('new') is not allowed"),
            Map.entry("while", LOOPS),
            Map.entry("for", LOOPS),
            Map.entry("foreach", LOOPS),
            Map.entry("do", LOOPS),
            Map.entry("until", LOOPS),
            Map.entry("def", "function definitions are not allowed"),
            Map.entry("function", "function definitions are not allowed"),
            Map.entry("if", "statements are not allowed; use the conditional 'test ? a : b'"),
            Map.entry("else", "statements are not allowed; use the conditional 'test ? a : b'"),
            Map.entry("switch", "statements are not allowed; use the conditional 'test ? a : b'"),
            Map.entry("return", STATEMENTS),
            Map.entry("import", STATEMENTS),
            Map.entry("import_static", STATEMENTS),
            Map.entry("var", STATEMENTS),
            Map.entry("with", STATEMENTS),
            Map.entry("assert", STATEMENTS),
            Map.entry("throw", STATEMENTS),
            Map.entry("try", STATEMENTS));

    private final String text;
    private final int open;
    private final Lexer lexer;
    private Token current;
    private int depth;

    /**
     * @param text the whole template
     * @param open the offset of the <code>&#123;&#123;</code> that opens the expression
     */
    Parser(String text, int open) {
        this.text = text;
        this.open = open;
        this.lexer = new Lexer(text, open + 2);
        this.current = lexer.next();
    }

    /** Offset of the expression's first token. */
    int start() {
        return current.position();
    }

    /** Parses up to and including the closing <code>&#125;&#125;</code>. */
    Node parseUntilClose() {
        Node node = expression();
        if (!current.is(Kind.CLOSE)) {
            throw unexpected(current, null);
        }
        return node;
    }

    /** Offset just after the closing <code>&#125;&#125;</code>, once {@link #parseUntilClose()} returned. */
    int end() {
        return lexer.offset();
    }

    private Node expression() {
        enter();
        Node test = or();
        if (current.is(Kind.QUESTION)) {
            int position = advance().position();
            Node then = expression();
            expect(Kind.COLON, "':'");
            Node otherwise = expression();
            test = new Conditional(test, then, otherwise, position);
        }
        depth--;
        return test;
    }

    private Node or() {
        Node left = and();
        int chain = 0;
        while (current.is(Kind.OR_OR)) {
            chain = enter(chain);
            int position = advance().position();
            left = new Binary(BinaryOperator.OR, left, and(), position);
        }
        depth -= chain;
        return left;
    }

    private Node and() {
        Node left = equality();
        int chain = 0;
        while (current.is(Kind.AND_AND)) {
            chain = enter(chain);
            int position = advance().position();
            left = new Binary(BinaryOperator.AND, left, equality(), position);
        }
        depth -= chain;
        return left;
    }

    private Node equality() {
        Node left = comparison();
        int chain = 0;
        while (current.is(Kind.EQUAL_EQUAL) || current.is(Kind.BANG_EQUAL)) {
            chain = enter(chain);
            BinaryOperator operator = current.is(Kind.EQUAL_EQUAL) ? BinaryOperator.EQUAL : BinaryOperator.NOT_EQUAL;
            int position = advance().position();
            left = new Binary(operator, left, comparison(), position);
        }
        depth -= chain;
        return left;
    }

    private Node comparison() {
        Node left = additive();
        BinaryOperator operator = comparisonOperator(current);
        if (operator == null) {
            return left;
        }
        int position = advance().position();
        Node comparison = new Binary(operator, left, additive(), position);
        if (comparisonOperator(current) != null) {
            throw error(current.position(), "comparisons cannot be chained; combine them with &&");
        }
        return comparison;
    }

    private static BinaryOperator comparisonOperator(Token token) {
        return switch (token.kind()) {
            case LESS -> BinaryOperator.LESS;
            case LESS_EQUAL -> BinaryOperator.LESS_EQUAL;
            case GREATER -> BinaryOperator.GREATER;
            case GREATER_EQUAL -> BinaryOperator.GREATER_EQUAL;
            default -> null;
        };
    }

    private Node additive() {
        Node left = product();
        int chain = 0;
        while (current.is(Kind.PLUS) || current.is(Kind.MINUS)) {
            chain = enter(chain);
            BinaryOperator operator = current.is(Kind.PLUS) ? BinaryOperator.ADD : BinaryOperator.SUBTRACT;
            int position = advance().position();
            left = new Binary(operator, left, product(), position);
        }
        depth -= chain;
        return left;
    }

    private Node product() {
        Node left = unary();
        int chain = 0;
        while (true) {
            BinaryOperator operator = switch (current.kind()) {
                case STAR -> BinaryOperator.MULTIPLY;
                case SLASH -> BinaryOperator.DIVIDE;
                case PERCENT -> BinaryOperator.REMAINDER;
                default -> null;
            };
            if (operator == null) {
                depth -= chain;
                return left;
            }
            chain = enter(chain);
            int position = advance().position();
            left = new Binary(operator, left, unary(), position);
        }
    }

    private Node unary() {
        if (current.is(Kind.BANG) || current.is(Kind.MINUS)) {
            UnaryOperator operator = current.is(Kind.BANG) ? UnaryOperator.NOT : UnaryOperator.NEGATE;
            int position = advance().position();
            enter();
            Node operand = unary();
            depth--;
            return new Unary(operator, operand, position);
        }
        return postfix(primary());
    }

    private Node postfix(Node node) {
        int chain = 0;
        while (true) {
            if (current.is(Kind.DOT) || current.is(Kind.LEFT_BRACKET)) {
                chain = enter(chain);
            }
            if (current.is(Kind.DOT)) {
                advance();
                Token name = expectName();
                if (current.is(Kind.LEFT_PAREN)) {
                    throw error(name.position(), METHOD_CALLS);
                }
                node = new Member(node, name.text());
            } else if (current.is(Kind.LEFT_BRACKET)) {
                advance();
                Node index = expression();
                expect(Kind.RIGHT_BRACKET, "']'");
                node = new Index(node, index);
            } else if (current.is(Kind.LEFT_PAREN)) {
                throw error(current.position(), METHOD_CALLS);
            } else {
                depth -= chain;
                return node;
            }
        }
    }

    private Node primary() {
        Token token = current;
        switch (token.kind()) {
            case NUMBER, STRING -> {
                advance();
                return new Literal(token.value());
            }
            case IDENTIFIER -> {
                return identifier(token);
            }
            case DOT -> {
                advance();
                if (current.is(Kind.LEFT_BRACKET)) {
                    return new Root();
                }
                return new Member(new Root(), expectName().text());
            }
            case LEFT_PAREN -> {
                advance();
                Node inner = expression();
                expect(Kind.RIGHT_PAREN, "')'");
                return inner;
            }
            default -> throw unexpected(token, "expected expression");
        }
    }

    private Node identifier(Token name) {
        switch (name.text()) {
            case "true" -> {
                advance();
                return new Literal(Boolean.TRUE);
            }
            case "false" -> {
                advance();
                return new Literal(Boolean.FALSE);
            }
            case "null" -> {
                advance();
                return new Literal(null);
            }
            default -> {
                String keyword = KEYWORDS.get(name.text());
                if (keyword != null) {
                    throw error(name.position(), keyword);
                }
                advance();
                return current.is(Kind.LEFT_PAREN) ? call(name) : new Member(new Root(), name.text());
            }
        }
    }

    private Node call(Token name) {
        Function function = Function.named(name.text()).orElseThrow(() -> error(name.position(),
                "unknown function '" + name.text() + "'; allowed: " + Function.NAMES));
        advance();
        List<Node> arguments = new ArrayList<>();
        if (!current.is(Kind.RIGHT_PAREN)) {
            do {
                arguments.add(expression());
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RIGHT_PAREN, "')'");
        if (arguments.size() != function.arity) {
            throw error(name.position(), "function '" + function.name + "' takes " + function.arity
                    + (function.arity == 1 ? " argument" : " arguments") + ", got " + arguments.size());
        }
        return new Call(function, arguments, name.position());
    }

    private Token expectName() {
        if (!current.is(Kind.IDENTIFIER)) {
            throw unexpected(current, "expected a property name after '.'");
        }
        return advance();
    }

    private void expect(Kind kind, String description) {
        if (!current.is(kind)) {
            throw unexpected(current, "expected " + description);
        }
        advance();
    }

    private boolean accept(Kind kind) {
        if (!current.is(kind)) {
            return false;
        }
        advance();
        return true;
    }

    /** Moves to the next token and returns the one it leaves. */
    private Token advance() {
        Token previous = current;
        current = lexer.next();
        return previous;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(current.position(), "expression is nested too deeply");
        }
    }

    // Each operand of a chain like a + b + c nests the tree (and the generated source) one level deeper.
    private int enter(int chain) {
        enter();
        return chain + 1;
    }

    private ExpressionException unexpected(Token token, String expectation) {
        if (token.is(Kind.END)) {
            return error(open, "unterminated template: missing '}}'");
        }
        if (expectation == null) {
            return error(token.position(), "unexpected " + token.describe());
        }
        if (token.is(Kind.CLOSE) || expectation.equals("expected expression")) {
            return error(token.position(), expectation);
        }
        return error(token.position(), expectation + ", found " + token.describe());
    }

    private ExpressionException error(int position, String reason) {
        return new ExpressionException(text, position, reason);
    }
}
