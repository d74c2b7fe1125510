package io.maestro.yaml.internal;

import io.maestro.model.CallStep;
import io.maestro.model.Compensation;
import io.maestro.model.Defaults;
import io.maestro.model.OnFailure;
import io.maestro.model.ParallelBlock;
import io.maestro.model.RetrySpec;
import io.maestro.model.Sequence;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Step;
import io.maestro.model.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns the node tree of a workflow document into the core model, reporting every shape
 * problem. Broken parts are replaced by placeholders so that the rest can still be validated
 * and every problem is found in one pass; the result is only used when nothing was reported.
 */
final class WorkflowReader {

    static final List<String> WORKFLOW_FIELDS = List.of("name", "version", "description", "timeout", "defaults", "services", "steps", "output");
    static final List<String> DEFAULTS_FIELDS = List.of("timeout", "retry");
    static final List<String> CALL_FIELDS = List.of("id", "service", "method", "input", "output", "when", "timeout", "retry",
            "compensate", "on_failure", "idempotent");
    static final List<String> PARALLEL_FIELDS = List.of("parallel", "fail_fast");
    static final List<String> SEQUENCE_FIELDS = List.of("sequence");
    static final List<String> COMPENSATE_FIELDS = List.of("service", "method", "input", "retry", "timeout");
    private static final List<String> STEP_FIELDS = concat(CALL_FIELDS, "parallel", "sequence", "fail_fast");

    /** Where a step stands: it decides which kinds of step are allowed. */
    private enum Place { STEPS, BRANCH, SEQUENCE }

    private final NodeReader reader;
    private final Set<String> declaredServices = new LinkedHashSet<>();
    private int placeholders;

    WorkflowReader(NodeReader reader) {
        this.reader = reader;
    }

    /** Every service name declared inline, valid binding or not. */
    Set<String> declaredServices() {
        return declaredServices;
    }

    /** The workflow, or {@code null} when the document is not a mapping at all. */
    Workflow read(Node root) {
        Mapping m = reader.mapping(root, "", "a workflow", WORKFLOW_FIELDS);
        if (m == null) {
            return null;
        }
        String name = requiredText(m, "name", "workflow name", false);
        String version = requiredText(m, "version", "workflow version", true);
        String description = null;
        if (m.get("description") != null) {
            description = reader.string(m.get("description"), "description");
        }
        Duration timeout = m.get("timeout") == null ? null : reader.duration(m.get("timeout"), "workflow timeout");
        Defaults defaults = m.get("defaults") == null ? null : defaults(m.get("defaults"));
        Map<String, ServiceBinding> services = new LinkedHashMap<>();
        Mapping.Field sf = m.get("services");
        if (sf != null) {
            if (sf.value() instanceof org.yaml.snakeyaml.nodes.MappingNode mn) {
                mn.getValue().forEach(t -> {
                    if (t.getKeyNode() instanceof ScalarNode k) {
                        declaredServices.add(k.getValue());
                    }
                });
            }
            services = new BindingReader(reader).services(sf.value(), sf.path());
        }
        List<Step> steps = new ArrayList<>();
        Mapping.Field stf = m.get("steps");
        if (stf != null) {
            steps = steps(stf.value(), stf.path(), Place.STEPS);
        }
        Map<String, Object> output = null;
        Mapping.Field of = m.get("output");
        if (of != null) {
            Object value = reader.json(of.value(), of.path());
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) map;
                output = cast;
            } else {
                reader.problem(of.value(), of.path(), "workflow output must be a mapping of names to templates, such as "
                        + "{ decision: \"{{ .approval.status }}\" }, got " + NodeReader.kind(of.value()));
            }
        }
        return new Workflow(name == null ? "" : name, version == null ? "" : version, description, timeout, defaults,
                services, steps, output);
    }

    private String requiredText(Mapping m, String field, String what, boolean numbersAllowed) {
        Mapping.Field f = m.get(field);
        if (f == null) {
            // An absent or empty value; the validator reports it as missing.
            return "";
        }
        return numbersAllowed ? reader.text(f.value(), f.path(), what) : reader.string(f, what);
    }

    private Defaults defaults(Mapping.Field f) {
        Mapping m = reader.mapping(f.value(), f.path(), "defaults", DEFAULTS_FIELDS);
        if (m == null) {
            return null;
        }
        Duration timeout = m.get("timeout") == null ? null : reader.duration(m.get("timeout"), "defaults timeout");
        RetrySpec retry = m.get("retry") == null ? null : reader.retry(m.get("retry"));
        return timeout == null && retry == null ? Defaults.NONE : new Defaults(timeout, retry);
    }

    private List<Step> steps(Node node, String path, Place place) {
        List<Step> steps = new ArrayList<>();
        List<Node> items = reader.list(node, path, place == Place.BRANCH ? "parallel" : place == Place.SEQUENCE ? "sequence" : "steps");
        if (items == null) {
            return steps;
        }
        reader.enter(node);
        try {
            for (int i = 0; i < items.size(); i++) {
                String p = Paths.index(path, i);
                Step s = step(items.get(i), p, place);
                steps.add(s == null ? placeholder(p) : s);
            }
        } finally {
            reader.exit();
        }
        return steps;
    }

    /** Keeps indices aligned with the YAML so that validator paths still point at the right node. */
    private CallStep placeholder(String path) {
        reader.diagnostics.suppress(path);
        String id = "__invalid_step_" + (++placeholders);
        return new CallStep(id, "__invalid", "__invalid", null, null, null, null, null, null, null, true);
    }

    private Step step(Node node, String path, Place place) {
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            reader.visit(node);
            reader.problem(node, path, "a step must be a mapping with id, service and method, or a 'parallel' block; got "
                    + NodeReader.kind(node));
            return null;
        }
        Mapping m = reader.mapping(node, path, "a step", null);
        if (m == null) {
            return null;
        }
        if (m.has("parallel")) {
            return parallel(m, path);
        }
        if (m.has("sequence")) {
            if (place != Place.BRANCH) {
                Mapping.Field f = m.raw("sequence");
                reader.problem(f.key(), path, "'sequence' is only allowed as a branch of a 'parallel' block"
                        + (place == Place.SEQUENCE ? "; list the steps directly in the enclosing sequence" : "; top-level steps already run in order"));
                return null;
            }
            return sequence(m, path);
        }
        return call(m, path);
    }

    /** Reports fields outside {@code allowed}; returns the closest step-kind keyword misspelled, if any. */
    private String unknownFields(Mapping m, List<String> allowed, String what) {
        String kind = null;
        for (String name : m.names()) {
            if (!allowed.contains(name)) {
                Mapping.Field f = m.raw(name);
                String closest = io.maestro.model.NameSuggestions.closest(name, STEP_FIELDS);
                if (closest != null && !allowed.contains(closest) && !List.of("parallel", "sequence").contains(closest)) {
                    closest = io.maestro.model.NameSuggestions.closest(name, allowed);
                }
                if ("parallel".equals(closest) || "sequence".equals(closest)) {
                    kind = closest;
                }
                reader.problem(f.key(), f.path(), "unknown field '" + name + "' in " + what
                        + (closest == null ? "" : " (did you mean '" + closest + "'?)")
                        + "; expected one of: " + String.join(", ", allowed));
            }
        }
        return kind;
    }

    private Step parallel(Mapping m, String path) {
        unknownFields(m, PARALLEL_FIELDS, "a parallel block" + (m.has("id") ? " (a parallel block has no id; give its branches ids)" : ""));
        Mapping.Field pf = m.raw("parallel");
        List<Step> branches = pf.isNull() ? new ArrayList<>() : steps(pf.value(), pf.path(), Place.BRANCH);
        boolean failFast = true;
        if (m.get("fail_fast") != null) {
            Boolean v = reader.bool(m.get("fail_fast"), "fail_fast");
            failFast = v == null || v;
        }
        return new ParallelBlock(branches, failFast);
    }

    private Step sequence(Mapping m, String path) {
        unknownFields(m, SEQUENCE_FIELDS, "a sequence branch");
        Mapping.Field sf = m.raw("sequence");
        List<Step> steps = sf.isNull() ? new ArrayList<>() : steps(sf.value(), sf.path(), Place.SEQUENCE);
        return new Sequence(steps);
    }

    private Step call(Mapping m, String path) {
        Mapping.Field idf = m.get("id");
        String id = idf == null ? null : reader.string(idf, "step id");
        String what = id == null ? "a step" : "step '" + id + "'";
        if (unknownFields(m, CALL_FIELDS, what) != null) {
            // A misspelt 'parallel' or 'sequence': the step's other fields would only add noise.
            return null;
        }
        String service = m.get("service") == null ? null : reader.string(m.get("service"), what + " service");
        String method = m.get("method") == null ? null : reader.string(m.get("method"), what + " method");
        Object input = m.get("input") == null ? null : reader.json(m.get("input").value(), m.get("input").path());
        String output = m.get("output") == null ? null : reader.string(m.get("output"), what + " output");
        String when = m.get("when") == null ? null : when(m.get("when"), what);
        Duration timeout = m.get("timeout") == null ? null : reader.duration(m.get("timeout"), what + " timeout");
        RetrySpec retry = m.get("retry") == null ? null : reader.retry(m.get("retry"));
        Compensation compensation = m.get("compensate") == null ? null : compensation(m.get("compensate"), what);
        OnFailure onFailure = m.get("on_failure") == null ? null : onFailure(m.get("on_failure"), what);
        boolean idempotent = true;
        if (m.get("idempotent") != null) {
            Boolean v = reader.bool(m.get("idempotent"), what + " idempotent");
            idempotent = v == null || v;
        }
        return new CallStep(id == null ? "" : id, service, method, input, output, when, timeout, retry, compensation, onFailure, idempotent);
    }

    private String when(Mapping.Field f, String what) {
        if (f.value() instanceof ScalarNode && NodeReader.isStringScalar(f.value())) {
            return reader.string(f, what + " when");
        }
        reader.visit(f.value());
        reader.problem(f.value(), f.path(), "'when' of " + what + " must be a template yielding a boolean, such as "
                + "\"{{ .credit_score.value > 700 }}\"; got " + NodeReader.kind(f.value())
                + (f.value() instanceof ScalarNode s ? " '" + s.getValue() + "'" : ""));
        return null;
    }

    private OnFailure onFailure(Mapping.Field f, String what) {
        String v = reader.string(f, what + " on_failure");
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "fail" -> OnFailure.FAIL;
            case "continue" -> OnFailure.CONTINUE;
            default -> {
                reader.problem(f.value(), f.path(), what + " on_failure must be 'fail' or 'continue', got '" + v + "'"
                        + io.maestro.model.NameSuggestions.didYouMean(v, List.of("fail", "continue")));
                yield null;
            }
        };
    }

    private Compensation compensation(Mapping.Field f, String what) {
        Mapping m = reader.mapping(f.value(), f.path(), "compensate of " + what, COMPENSATE_FIELDS);
        if (m == null) {
            return null;
        }
        String service = m.get("service") == null ? null : reader.string(m.get("service"), "compensate service");
        String method = m.get("method") == null ? null : reader.string(m.get("method"), "compensate method");
        Object input = m.get("input") == null ? null : reader.json(m.get("input").value(), m.get("input").path());
        RetrySpec retry = m.get("retry") == null ? null : reader.retry(m.get("retry"));
        Duration timeout = m.get("timeout") == null ? null : reader.duration(m.get("timeout"), "compensate timeout");
        return new Compensation(service, method, input, retry, timeout);
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
