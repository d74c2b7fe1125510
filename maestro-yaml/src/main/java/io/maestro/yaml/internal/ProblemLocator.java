package io.maestro.yaml.internal;

import io.maestro.Problem;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Places the semantic validator's problems, whose paths mirror the YAML structure, at the line
 * and column of the node each path came from.
 */
final class ProblemLocator {

    private static final Pattern FIRST_DEFINED = Pattern.compile("\\(first defined at ([^)]+)\\)");

    private final Map<String, Node> locations;
    private final ScalarPositions positions;
    private final Node root;

    ProblemLocator(Map<String, Node> locations, String text, Node root) {
        this.locations = locations;
        this.positions = new ScalarPositions(text);
        this.root = root;
    }

    void report(Iterable<Problem> problems, Diagnostics diagnostics) {
        for (Problem p : problems) {
            String path = p.path() == null ? "" : p.path();
            if (diagnostics.covers(path)) {
                continue;
            }
            Node node = find(path, p.field());
            String message = rewrite(p.toString());
            if (node instanceof ScalarNode s && p.offset() >= 0 && node == locations.get(path)) {
                int[] at = positions.locate(s, p.offset());
                diagnostics.at(at[0], at[1], path, message);
            } else {
                diagnostics.at(node, path, message);
            }
        }
    }

    private Node find(String path, String field) {
        if (field != null && !path.endsWith(field)) {
            // e.g. a conflicting output reported at the step: point at its output, else its id
            for (String f : new String[] {field, "id"}) {
                Node n = locations.get(Paths.field(path, f));
                if (n != null) {
                    return n;
                }
            }
        }
        String p = path;
        while (p != null) {
            Node n = locations.get(p);
            if (n != null) {
                return n;
            }
            p = Paths.parent(p);
        }
        return root;
    }

    /** "first defined at steps[0]" becomes "first defined at line 5, column 9". */
    private String rewrite(String message) {
        Matcher m = FIRST_DEFINED.matcher(message);
        if (!m.find()) {
            return message;
        }
        Node n = locations.get(Paths.field(m.group(1), "id"));
        if (n == null) {
            n = locations.get(m.group(1));
        }
        if (n == null) {
            return message;
        }
        return m.replaceFirst(Matcher.quoteReplacement("(first defined at line " + (n.getStartMark().getLine() + 1)
                + ", column " + (n.getStartMark().getColumn() + 1) + ")"));
    }
}
