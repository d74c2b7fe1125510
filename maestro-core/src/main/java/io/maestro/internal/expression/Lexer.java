package io.maestro.internal.expression;

import io.maestro.expression.ExpressionException;
import io.maestro.internal.expression.Token.Kind;
import java.math.BigInteger;

/**
 * Splits the inside of one {@code {{ }}} into tokens, on demand, from a start offset up to the
 * closing <code>&#125;&#125;</code>. Positions are offsets into the whole template text.
 */
final class Lexer {

    private static final String ASSIGNMENT = "assignment is not allowed";

    private final String text;
    private int offset;

    Lexer(String text, int start) {
        this.text = text;
        this.offset = start;
    }

    /** The offset just after the last token returned. */
    int offset() {
        return offset;
    }

    Token next() {
        skipWhitespace();
        if (offset >= text.length()) {
            return new Token(Kind.END, "", null, offset);
        }
        int start = offset;
        char c = text.charAt(offset);
        if (isDigit(c)) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, c);
        }
        if (isIdentifierStart(c)) {
            while (offset < text.length() && isIdentifierPart(text.charAt(offset))) {
                offset++;
            }
            return token(Kind.IDENTIFIER, start);
        }
        char following = offset + 1 < text.length() ? text.charAt(offset + 1) : '\0';
        offset++;
        switch (c) {
            case '.': return token(Kind.DOT, start);
            case '[': return token(Kind.LEFT_BRACKET, start);
            case ']': return token(Kind.RIGHT_BRACKET, start);
            case '(': return token(Kind.LEFT_PAREN, start);
            case ')': return token(Kind.RIGHT_PAREN, start);
            case ',': return token(Kind.COMMA, start);
            case '?': return token(Kind.QUESTION, start);
            case ':':
                if (following == ':') {
                    throw error(start, "method references are not allowed");
                }
                return token(Kind.COLON, start);
            case '+':
                rejectAssignment(start, following, '+');
                return token(Kind.PLUS, start);
            case '-':
                if (following == '>') {
                    throw error(start, "lambdas are not allowed");
                }
                rejectAssignment(start, following, '-');
                return token(Kind.MINUS, start);
            case '*':
                rejectAssignment(start, following, '\0');
                return token(Kind.STAR, start);
            case '/':
                rejectAssignment(start, following, '\0');
                return token(Kind.SLASH, start);
            case '%':
                rejectAssignment(start, following, '\0');
                return token(Kind.PERCENT, start);
            case '!':
                return following == '=' ? pair(Kind.BANG_EQUAL, start) : token(Kind.BANG, start);
            case '=':
                if (following == '=') {
                    return pair(Kind.EQUAL_EQUAL, start);
                }
                throw error(start, ASSIGNMENT);
            case '<':
                return following == '=' ? pair(Kind.LESS_EQUAL, start) : token(Kind.LESS, start);
            case '>':
                return following == '=' ? pair(Kind.GREATER_EQUAL, start) : token(Kind.GREATER, start);
            case '&':
                rejectAssignment(start, following, '\0');
                if (following == '&') {
                    return pair(Kind.AND_AND, start);
                }
                break;
            case '|':
                rejectAssignment(start, following, '\0');
                if (following == '|') {
                    return pair(Kind.OR_OR, start);
                }
                break;
            case '}':
                if (following == '}') {
                    return pair(Kind.CLOSE, start);
                }
                throw error(start, "unexpected '}'; a template ends with '}}'");
            default:
                break;
        }
        throw error(start, "unexpected character " + quote(c));
    }

    // Compound assignments (+=, -=, ...) and increments (++, --) all mutate state.
    private void rejectAssignment(int start, char following, char self) {
        if (following == '=' || (self != '\0' && following == self)) {
            throw error(start, ASSIGNMENT);
        }
    }

    private Token number(int start) {
        boolean decimal = false;
        skipDigits();
        if (offset + 1 < text.length() && text.charAt(offset) == '.' && isDigit(text.charAt(offset + 1))) {
            decimal = true;
            offset++;
            skipDigits();
        }
        if (offset < text.length() && (text.charAt(offset) == 'e' || text.charAt(offset) == 'E')) {
            int exponent = offset + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < text.length() && isDigit(text.charAt(exponent))) {
                decimal = true;
                offset = exponent;
                skipDigits();
            }
        }
        if (offset < text.length() && isIdentifierPart(text.charAt(offset))) {
            throw error(start, "invalid number literal");
        }
        String literal = text.substring(start, offset);
        Object value;
        if (decimal) {
            double d = Double.parseDouble(literal);
            if (Double.isInfinite(d)) {
                throw error(start, "number literal out of range");
            }
            value = d;
        } else {
            value = Numbers.normalize(new BigInteger(literal));
        }
        return new Token(Kind.NUMBER, literal, value, start);
    }

    private Token string(int start, char quote) {
        StringBuilder value = new StringBuilder();
        offset++;
        while (offset < text.length()) {
            char c = text.charAt(offset++);
            if (c == quote) {
                return new Token(Kind.STRING, text.substring(start, offset), value.toString(), start);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (offset >= text.length()) {
                break;
            }
            int escape = offset - 1;
            char e = text.charAt(offset++);
            switch (e) {
                case '\\', '\'', '"', '/' -> value.append(e);
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> value.append(unicodeEscape(escape));
                default -> throw error(escape, "invalid escape sequence '\\" + e + "'");
            }
        }
        throw error(start, "unterminated string literal");
    }

    private char unicodeEscape(int escape) {
        if (offset + 4 > text.length()) {
            throw error(escape, "invalid unicode escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(offset++), 16);
            if (digit < 0) {
                throw error(escape, "invalid unicode escape");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, text.substring(start, offset), null, start);
    }

    private Token pair(Kind kind, int start) {
        offset = start + 2;
        return token(kind, start);
    }

    private void skipWhitespace() {
        while (offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
            offset++;
        }
    }

    private void skipDigits() {
        while (offset < text.length() && isDigit(text.charAt(offset))) {
            offset++;
        }
    }

    private ExpressionException error(int position, String reason) {
        return new ExpressionException(text, position, reason);
    }

    private static String quote(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
