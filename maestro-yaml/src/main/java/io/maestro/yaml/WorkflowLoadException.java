package io.maestro.yaml;

import io.maestro.DefinitionException;
import io.maestro.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A YAML workflow or service-bindings file is invalid: it does not parse, breaks a safety
 * limit, has the wrong shape, or defines an invalid workflow. Carries every problem found, each
 * located at a line and column; the message lists them one per line as
 * {@code file:line:column: message}. Never retryable.
 *
 * <pre>{@code
 * try {
 *     Workflow w = YamlWorkflows.load(Path.of("loan.yaml"));
 * } catch (WorkflowLoadException e) {
 *     e.locatedProblems().forEach(System.err::println);
 * }
 * }</pre>
 */
public class WorkflowLoadException extends DefinitionException {

    private static final long serialVersionUID = 1L;

    private final transient List<LocatedProblem> located;

    public WorkflowLoadException(List<LocatedProblem> problems) {
        super(problems.stream()
                .map(p -> new Problem(p.path(), null, null, p.message()))
                .toList());
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a load exception needs at least one problem");
        }
        this.located = List.copyOf(problems);
    }

    /** Every problem, in file order. */
    public List<LocatedProblem> locatedProblems() {
        return located;
    }

    @Override
    public String getMessage() {
        return located.stream().map(LocatedProblem::toString).collect(Collectors.joining("\n"));
    }
}
