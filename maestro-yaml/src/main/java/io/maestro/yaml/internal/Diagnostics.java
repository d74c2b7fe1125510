package io.maestro.yaml.internal;

import io.maestro.yaml.LocatedProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found in one source, located by line and column. Remembers which definition
 * paths already have a problem, so that the semantic validator's findings about the same
 * place are not reported twice.
 */
public final class Diagnostics {

    private final String file;
    private final List<LocatedProblem> problems = new ArrayList<>();
    private final Set<String> reportedPaths = new HashSet<>();

    public Diagnostics(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** A problem at the start of {@code node}. */
    public void at(Node node, String path, String message) {
        at(node == null ? null : node.getStartMark(), path, message);
    }

    public void at(Mark mark, String path, String message) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        at(line, column, path, message);
    }

    /** A problem at a 1-based line and column. */
    public void at(int line, int column, String path, String message) {
        problems.add(new LocatedProblem(file, Math.max(1, line), Math.max(1, column), path, message));
        if (path != null) {
            reportedPaths.add(path);
        }
    }

    /** Marks a path as already reported without adding a problem. */
    public void suppress(String path) {
        reportedPaths.add(path);
    }

    /** Whether {@code path}, or a path enclosing it, already has a problem. */
    public boolean covers(String path) {
        if (path == null) {
            return false;
        }
        String p = path;
        while (true) {
            if (reportedPaths.contains(p)) {
                return true;
            }
            String parent = Paths.parent(p);
            if (parent == null) {
                return false;
            }
            p = parent;
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem, in file order (stable for problems at one place). */
    public List<LocatedProblem> sorted() {
        List<LocatedProblem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt(LocatedProblem::line).thenComparingInt(LocatedProblem::column));
        return List.copyOf(copy);
    }
}
