package io.maestro.yaml.internal;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Where a character of a scalar's value stands in the source: the value of a quoted scalar
 * starts after its quote and may hold escapes; a literal block's lines start after their
 * indentation. Used to point at the exact column of an expression error.
 */
final class ScalarPositions {

    private final String[] lines;

    ScalarPositions(String text) {
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    /** 1-based {line, column} of value offset {@code offset}, or the scalar's start when unknown. */
    int[] locate(ScalarNode node, int offset) {
        int line = node.getStartMark().getLine();
        int column = node.getStartMark().getColumn();
        int[] start = {line + 1, column + 1};
        if (offset < 0 || line >= lines.length) {
            return start;
        }
        ScalarStyle style = node.getScalarStyle();
        boolean oneLine = node.getEndMark().getLine() == line;
        String src = lines[line];
        if (style == ScalarStyle.PLAIN && oneLine) {
            return new int[] {line + 1, column + 1 + offset};
        }
        if (style == ScalarStyle.SINGLE_QUOTED && oneLine) {
            return new int[] {line + 1, sourceColumn(src, column + 1, offset, '\'') + 1};
        }
        if (style == ScalarStyle.DOUBLE_QUOTED && oneLine) {
            return new int[] {line + 1, sourceColumn(src, column + 1, offset, '"') + 1};
        }
        if (style == ScalarStyle.LITERAL) {
            String value = node.getValue();
            int valueLine = 0;
            int lineStart = 0;
            for (int i = 0; i < Math.min(offset, value.length()); i++) {
                if (value.charAt(i) == '\n') {
                    valueLine++;
                    lineStart = i + 1;
                }
            }
            int srcLine = line + 1 + valueLine;
            int indent = blockIndent(line + 1);
            if (srcLine < lines.length && indent >= 0) {
                return new int[] {srcLine + 1, indent + (offset - lineStart) + 1};
            }
        }
        return start;
    }

    /** The 0-based source column of value offset {@code offset} in a quoted scalar starting at {@code from}. */
    private static int sourceColumn(String src, int from, int offset, char quote) {
        int col = from;
        int value = 0;
        while (value < offset && col < src.length()) {
            char c = src.charAt(col);
            if (quote == '\'' && c == '\'' && col + 1 < src.length() && src.charAt(col + 1) == '\'') {
                col += 2;
            } else if (quote == '"' && c == '\\' && col + 1 < src.length()) {
                char e = src.charAt(col + 1);
                col += switch (e) {
                    case 'x' -> 4;
                    case 'u' -> 6;
                    case 'U' -> 10;
                    default -> 2;
                };
            } else {
                col++;
            }
            value++;
        }
        return col;
    }

    private int blockIndent(int firstLine) {
        for (int i = firstLine; i < lines.length; i++) {
            String l = lines[i];
            if (!l.isBlank()) {
                int n = 0;
                while (n < l.length() && l.charAt(n) == ' ') {
                    n++;
                }
                return n;
            }
        }
        return -1;
    }
}
