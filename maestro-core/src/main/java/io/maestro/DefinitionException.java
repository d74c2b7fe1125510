package io.maestro;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow definition (or the services it needs) is invalid. Carries every problem found,
 * not just the first; the message lists them one per line. Never retryable.
 */
public class DefinitionException extends MaestroException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public DefinitionException(List<Problem> problems) {
        super("definition", format(problems), false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        return problems.size() == 1
                ? "invalid workflow: " + problems.get(0)
                : "invalid workflow, " + problems.size() + " problems:\n"
                        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
