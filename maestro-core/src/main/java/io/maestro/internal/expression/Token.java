package io.maestro.internal.expression;

/** One lexical token of an expression; {@code position} is an offset into the whole template. */
record Token(Kind kind, String text, Object value, int position) {

    enum Kind {
        NUMBER, STRING, IDENTIFIER,
        DOT, LEFT_BRACKET, RIGHT_BRACKET, LEFT_PAREN, RIGHT_PAREN, COMMA, QUESTION, COLON,
        PLUS, MINUS, STAR, SLASH, PERCENT, BANG,
        EQUAL_EQUAL, BANG_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, AND_AND, OR_OR,
        /** The <code>&#125;&#125;</code> that closes a template. */
        CLOSE,
        /** The end of the text, before any <code>&#125;&#125;</code>. */
        END
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "end of text";
            case STRING -> "string " + text;
            default -> "'" + text + "'";
        };
    }
}
