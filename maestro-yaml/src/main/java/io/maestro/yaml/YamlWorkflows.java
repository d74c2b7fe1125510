package io.maestro.yaml;

import io.maestro.model.Workflow;
import io.maestro.yaml.internal.Sources;
import io.maestro.yaml.internal.WorkflowDocuments;
import io.maestro.yaml.internal.WorkflowWriter;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Loads workflows written in YAML (see {@code docs/workflow-language.md}) into the same
 * immutable model the Java DSL builds, and writes models back to YAML.
 *
 * <pre>{@code
 * Workflow loan = YamlWorkflows.load(Path.of("loan_processing.yaml"));
 * ExecutionResult r = orchestrator.run(loan, Map.of("applicant_id", "A-17"));
 *
 * List<LocatedProblem> problems = YamlWorkflows.validate(Path.of("loan_processing.yaml"));
 * problems.forEach(System.err::println);   // file:line:column: message
 * }</pre>
 *
 * <p>Loading is safe for untrusted text: no YAML tag ever constructs an object, and aliases,
 * nesting, document size and document count are limited; each refusal is reported as a located
 * problem. Every problem in a file is reported at once, each at the line and column of the
 * node concerned. Stateless and thread-safe.
 */
public final class YamlWorkflows {

    /** The name used in problems for text given as a string. */
    public static final String STRING_SOURCE = "<string>";

    private YamlWorkflows() {
    }

    /**
     * Loads and validates a workflow file (UTF-8).
     *
     * @throws WorkflowLoadException listing every problem, as {@code file:line:column: message}
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Workflow load(Path file) {
        return orThrow(read(Sources.read(file), file.toString(), null));
    }

    /** Loads a workflow from a reader; {@code sourceName} names it in problems. */
    public static Workflow load(Reader reader, String sourceName) {
        return orThrow(read(Sources.read(reader, sourceName), sourceName, null));
    }

    /** Loads a workflow from YAML text. */
    public static Workflow load(String yaml) {
        return orThrow(WorkflowDocuments.workflow(yaml, STRING_SOURCE, null));
    }

    /**
     * Loads a workflow and checks that every service it names is bound, inline or in
     * {@code knownServices} (the services of a bindings file, or of the orchestrator).
     */
    public static Workflow load(Path file, Set<String> knownServices) {
        return orThrow(read(Sources.read(file), file.toString(), Objects.requireNonNull(knownServices, "knownServices")));
    }

    /** Every problem of a workflow file, in file order; empty when it is valid. */
    public static List<LocatedProblem> validate(Path file) {
        return read(Sources.read(file), file.toString(), null).problems();
    }

    /**
     * Every problem of a workflow file, including steps that name a service bound neither
     * inline nor in {@code knownServices}.
     */
    public static List<LocatedProblem> validate(Path file, Set<String> knownServices) {
        return read(Sources.read(file), file.toString(), Objects.requireNonNull(knownServices, "knownServices")).problems();
    }

    /** Every problem of a workflow read from {@code reader}; {@code sourceName} names it in problems. */
    public static List<LocatedProblem> validate(Reader reader, String sourceName, Set<String> knownServices) {
        return read(Sources.read(reader, sourceName), sourceName, knownServices).problems();
    }

    /** Every problem of a workflow given as text. */
    public static List<LocatedProblem> validate(String yaml) {
        return WorkflowDocuments.workflow(yaml, STRING_SOURCE, null).problems();
    }

    /**
     * The workflow as YAML: absent fields and default values left out, durations written as
     * {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h}. {@code load(write(w)).equals(w)}.
     */
    public static String write(Workflow workflow) {
        return WorkflowWriter.write(Objects.requireNonNull(workflow, "workflow"));
    }

    private static WorkflowDocuments.Result<Workflow> read(Sources.Text text, String name, Set<String> knownServices) {
        if (text.problem() != null) {
            return new WorkflowDocuments.Result<>(null, Sources.problems(text));
        }
        return WorkflowDocuments.workflow(text.text(), name, knownServices);
    }

    static <T> T orThrow(WorkflowDocuments.Result<T> result) {
        if (!result.ok()) {
            throw new WorkflowLoadException(result.problems());
        }
        return result.value();
    }
}
