package io.maestro.yaml.internal;

import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.yaml.LocatedProblem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads workflow and bindings documents: safe parse, shape, then semantic validation. */
public final class WorkflowDocuments {

    /** What reading a document gave: the value when there are no problems, else the problems. */
    public record Result<T>(T value, List<LocatedProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private WorkflowDocuments() {
    }

    /**
     * @param knownServices services bound outside the workflow (a bindings file, the builder),
     *     or {@code null} not to check service names; inline services are always known
     */
    public static Result<Workflow> workflow(String text, String source, Set<String> knownServices) {
        Diagnostics d = new Diagnostics(source);
        Node root = SafeYaml.compose(text, d);
        if (root == null) {
            return new Result<>(null, d.sorted());
        }
        NodeReader reader = new NodeReader(d);
        WorkflowReader wr = new WorkflowReader(reader);
        Workflow workflow;
        try {
            workflow = wr.read(root);
            if (workflow != null) {
                Set<String> known = null;
                if (knownServices != null) {
                    known = new LinkedHashSet<>(knownServices);
                    known.addAll(wr.declaredServices());
                }
                new ProblemLocator(reader.locations(), text, root).report(workflow.validate(known), d);
            }
        } catch (Refused e) {
            return new Result<>(null, d.sorted());
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours must still come out as a located problem, never as a stack trace.
            d.at(root, "", "could not read the workflow: " + e);
            return new Result<>(null, d.sorted());
        }
        List<LocatedProblem> problems = d.sorted();
        return new Result<>(problems.isEmpty() ? workflow : null, problems);
    }

    /** A bindings file: a top-level {@code services:} mapping. */
    public static Result<Map<String, ServiceBinding>> bindings(String text, String source) {
        Diagnostics d = new Diagnostics(source);
        Node root = SafeYaml.compose(text, d);
        if (root == null) {
            return new Result<>(null, d.sorted());
        }
        NodeReader reader = new NodeReader(d);
        Map<String, ServiceBinding> bindings = Map.of();
        try {
            Mapping m = reader.mapping(root, "", "a service bindings file", List.of("services"));
            if (m != null) {
                Mapping.Field f = m.get("services");
                if (f == null) {
                    d.at(root, "services", "a service bindings file needs a top-level 'services:' mapping");
                } else {
                    bindings = new BindingReader(reader).services(f.value(), f.path());
                    checkNames(bindings.keySet(), reader, d);
                }
            }
        } catch (Refused e) {
            return new Result<>(null, d.sorted());
        } catch (RuntimeException | StackOverflowError e) {
            d.at(root, "", "could not read the service bindings: " + e);
            return new Result<>(null, d.sorted());
        }
        List<LocatedProblem> problems = d.sorted();
        return new Result<>(problems.isEmpty() ? java.util.Collections.unmodifiableMap(bindings) : null, problems);
    }

    private static void checkNames(Set<String> names, NodeReader reader, Diagnostics d) {
        for (String name : names) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                String path = "services." + name;
                d.at(reader.locations().get(path), path, "service name '" + name + "' is not well formed: expected letters, digits, '_', '-' or '.', not starting with a digit");
            }
        }
    }
}
