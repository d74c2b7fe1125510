package io.maestro.yaml;

import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.yaml.internal.Sources;
import io.maestro.yaml.internal.WorkflowDocuments;
import io.maestro.yaml.internal.WorkflowWriter;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads service-bindings files: where each service a workflow names lives and how to call it.
 * The format is the one of a workflow's inline {@code services:}, under a top-level
 * {@code services:} key.
 *
 * <pre>{@code
 * Map<String, ServiceBinding> file = ServiceBindings.load(Path.of("services.yaml"));
 * Workflow loan = YamlWorkflows.load(Path.of("loan.yaml"), file.keySet());
 * Map<String, ServiceBinding> effective = ServiceBindings.merge(loan.services(), file);
 * }</pre>
 *
 * <p>A bindings file wins over inline bindings, per service: a service bound in both gets the
 * file's binding whole (fields are not merged). Stateless and thread-safe.
 */
public final class ServiceBindings {

    private ServiceBindings() {
    }

    /**
     * @return the bindings in file order (unmodifiable)
     * @throws WorkflowLoadException listing every problem
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Map<String, ServiceBinding> load(Path file) {
        return YamlWorkflows.orThrow(read(Sources.read(file), file.toString()));
    }

    public static Map<String, ServiceBinding> load(Reader reader, String sourceName) {
        return YamlWorkflows.orThrow(read(Sources.read(reader, sourceName), sourceName));
    }

    public static Map<String, ServiceBinding> load(String yaml) {
        return YamlWorkflows.orThrow(WorkflowDocuments.bindings(yaml, YamlWorkflows.STRING_SOURCE));
    }

    /** Every problem of a bindings file, in file order; empty when it is valid. */
    public static List<LocatedProblem> validate(Path file) {
        return read(Sources.read(file), file.toString()).problems();
    }

    public static List<LocatedProblem> validate(String yaml) {
        return WorkflowDocuments.bindings(yaml, YamlWorkflows.STRING_SOURCE).problems();
    }

    /**
     * The bindings in effect: {@code inline} (a workflow's {@code services:}) overridden per
     * service by {@code overrides} (a bindings file). Inline order first, then new services.
     */
    public static Map<String, ServiceBinding> merge(Map<String, ServiceBinding> inline, Map<String, ServiceBinding> overrides) {
        Map<String, ServiceBinding> merged = new LinkedHashMap<>(Objects.requireNonNull(inline, "inline"));
        merged.putAll(Objects.requireNonNull(overrides, "overrides"));
        return Collections.unmodifiableMap(merged);
    }

    /** A copy of {@code workflow} whose inline services are merged with {@code overrides} (see {@link #merge}). */
    public static Workflow applyTo(Workflow workflow, Map<String, ServiceBinding> overrides) {
        return new Workflow(workflow.name(), workflow.version(), workflow.description(), workflow.timeout(), workflow.defaults(),
                merge(workflow.services(), overrides), workflow.steps(), workflow.output());
    }

    /** The bindings as a bindings file. */
    public static String write(Map<String, ServiceBinding> bindings) {
        return WorkflowWriter.writeBindings(bindings);
    }

    private static WorkflowDocuments.Result<Map<String, ServiceBinding>> read(Sources.Text text, String name) {
        if (text.problem() != null) {
            return new WorkflowDocuments.Result<>(null, Sources.problems(text));
        }
        return WorkflowDocuments.bindings(text.text(), name);
    }
}
