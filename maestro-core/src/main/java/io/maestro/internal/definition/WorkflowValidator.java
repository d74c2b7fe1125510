package io.maestro.internal.definition;

import io.maestro.Problem;
import io.maestro.expression.ExpressionException;
import io.maestro.internal.expression.Template;
import io.maestro.model.CallStep;
import io.maestro.model.Compensation;
import io.maestro.model.ParallelBlock;
import io.maestro.model.Sequence;
import io.maestro.model.Step;
import io.maestro.model.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks everything about a workflow that does not need a running system: names, unique ids,
 * required fields, conflicting output bindings inside a parallel block, expressions, and
 * (when the caller knows them) the services. Paths in the problems mirror the YAML structure.
 */
public final class WorkflowValidator {

    static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Names the engine puts in the context itself; a step output may not shadow them. */
    public static final Set<String> RESERVED = Set.of("input", "execution", "error");

    private final Problems problems = new Problems();
    private final Set<String> knownServices;
    private final Map<String, String> idLocations = new HashMap<>();

    private WorkflowValidator(Set<String> knownServices) {
        this.knownServices = knownServices;
    }

    /**
     * @param knownServices every bound service name, or {@code null} to skip that check
     */
    public static Problems validate(Workflow workflow, Set<String> knownServices) {
        WorkflowValidator v = new WorkflowValidator(knownServices);
        v.workflow(workflow);
        return v.problems;
    }

    private void workflow(Workflow w) {
        if (w.name().isBlank()) {
            problems.add(new Problem("name", null, "name", "a workflow needs a name"));
        } else if (!NAME.matcher(w.name()).matches()) {
            problems.add(new Problem("name", null, "name",
                    "workflow name '" + w.name() + "' is not well formed: expected letters, digits, '_', '-' or '.', not starting with a digit"));
        }
        if (w.version().isBlank()) {
            problems.add(new Problem("version", null, "version", "a workflow needs a version"));
        }
        positive(w.timeout(), "timeout", null, "timeout");
        positive(w.defaults().timeout(), "defaults.timeout", null, "timeout");
        w.services().forEach((name, binding) -> {
            if (!NAME.matcher(name).matches()) {
                problems.add(new Problem("services." + name, null, null, "service name '" + name + "' is not well formed"));
            }
            positive(binding.timeout(), "services." + name + ".timeout", null, "timeout");
        });
        if (w.steps().isEmpty()) {
            problems.add(new Problem("steps", null, "steps", "a workflow needs at least one step"));
        }
        steps(w.steps(), "steps");
        w.output().forEach((key, value) -> templates(value, "output." + key, null, "output"));
    }

    private void steps(List<Step> steps, String path) {
        for (int i = 0; i < steps.size(); i++) {
            step(steps.get(i), path + "[" + i + "]");
        }
    }

    private void step(Step step, String path) {
        if (step instanceof CallStep c) {
            call(c, path);
        } else if (step instanceof ParallelBlock p) {
            parallel(p, path);
        } else if (step instanceof Sequence s) {
            if (s.steps().isEmpty()) {
                problems.add(new Problem(path + ".sequence", null, "sequence", "a sequence needs at least one step"));
            }
            steps(s.steps(), path + ".sequence");
        }
    }

    private void parallel(ParallelBlock block, String path) {
        String branchesPath = path + ".parallel";
        if (block.branches().isEmpty()) {
            problems.add(new Problem(branchesPath, null, "parallel", "a parallel block needs at least one branch"));
        }
        steps(block.branches(), branchesPath);
        // Two branches binding one name would race; within one branch, rebinding is ordered.
        Map<String, String> boundBy = new HashMap<>();
        for (int i = 0; i < block.branches().size(); i++) {
            Map<String, String> branchOutputs = new HashMap<>();
            outputs(block.branches().get(i), branchOutputs);
            for (Map.Entry<String, String> e : branchOutputs.entrySet()) {
                String other = boundBy.putIfAbsent(e.getKey(), e.getValue());
                if (other != null) {
                    problems.add(new Problem(idLocations.getOrDefault(e.getValue(), branchesPath), e.getValue(), "output",
                            "output '" + e.getKey() + "' is also bound by step '" + other
                                    + "' in the same parallel block; give one of them another output name"));
                }
            }
        }
    }

    /** Collects output name → step id for every call step under {@code step}. */
    private static void outputs(Step step, Map<String, String> into) {
        if (step instanceof CallStep c) {
            into.putIfAbsent(c.outputName(), c.id());
        } else if (step instanceof ParallelBlock p) {
            p.branches().forEach(b -> outputs(b, into));
        } else if (step instanceof Sequence s) {
            s.steps().forEach(b -> outputs(b, into));
        }
    }

    private void call(CallStep s, String path) {
        String id = s.id();
        if (id.isBlank()) {
            problems.add(new Problem(path + ".id", null, "id", "a step needs an id"));
        } else if (!ID.matcher(id).matches()) {
            problems.add(new Problem(path + ".id", id, "id",
                    "step id '" + id + "' is not well formed: expected [A-Za-z_][A-Za-z0-9_-]*"));
        } else {
            String first = idLocations.putIfAbsent(id, path);
            if (first != null) {
                problems.add(new Problem(path + ".id", id, "id", "duplicate step id '" + id + "' (first defined at " + first + ")"));
            }
        }
        String stepId = id.isBlank() ? null : id;
        service(s.service(), path + ".service", stepId, "service", "a step needs a service");
        if (s.method() == null || s.method().isBlank()) {
            problems.add(new Problem(path + ".method", stepId, "method", "a step needs a method"));
        }
        if (s.output() != null) {
            if (!ID.matcher(s.output()).matches()) {
                problems.add(new Problem(path + ".output", stepId, "output",
                        "output name '" + s.output() + "' is not well formed: expected [A-Za-z_][A-Za-z0-9_-]*"));
            }
        }
        if (RESERVED.contains(s.outputName())) {
            problems.add(new Problem(path + (s.output() == null ? ".id" : ".output"), stepId, "output",
                    "'" + s.outputName() + "' is reserved for the engine; bind the output under another name"));
        }
        if (s.when() != null) {
            condition(s.when(), path + ".when", stepId);
        }
        templates(s.input(), path + ".input", stepId, "input");
        positive(s.timeout(), path + ".timeout", stepId, "timeout");
        Compensation c = s.compensation();
        if (c != null) {
            if (c.service() != null) {
                service(c.service(), path + ".compensate.service", stepId, "compensate.service", "compensate needs a service");
            }
            if (c.method() == null || c.method().isBlank()) {
                problems.add(new Problem(path + ".compensate.method", stepId, "compensate.method", "compensate needs a method"));
            }
            templates(c.input(), path + ".compensate.input", stepId, "compensate.input");
            positive(c.timeout(), path + ".compensate.timeout", stepId, "compensate.timeout");
        }
    }

    private void service(String service, String path, String stepId, String field, String missing) {
        if (service == null || service.isBlank()) {
            problems.add(new Problem(path, stepId, field, missing));
        } else if (!NAME.matcher(service).matches()) {
            problems.add(new Problem(path, stepId, field, "service name '" + service + "' is not well formed"));
        } else if (knownServices != null && !knownServices.contains(service)) {
            problems.add(new Problem(path, stepId, field, "unknown service '" + service + "'"
                    + io.maestro.model.NameSuggestions.didYouMean(service, knownServices) + "; bound services: " + knownServices.stream().sorted().toList()));
        }
    }

    private void condition(String when, String path, String stepId) {
        Template t = template(when, path, stepId, "when");
        if (t != null && !t.isSingleExpression()) {
            problems.add(new Problem(path, stepId, "when",
                    "'when' must be a single template yielding a boolean, like \"{{ .score.value > 700 }}\"; got '" + when + "'"));
        }
    }

    private void templates(Object value, String path, String stepId, String field) {
        if (value instanceof String text) {
            template(text, path, stepId, field);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> templates(v, path + "." + k, stepId, field));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                templates(list.get(i), path + "[" + i + "]", stepId, field);
            }
        }
    }

    private Template template(String text, String path, String stepId, String field) {
        try {
            return Template.parse(text);
        } catch (ExpressionException e) {
            problems.add(new Problem(path, stepId, field, e.getMessage(), e.position()));
            return null;
        }
    }

    private void positive(Duration d, String path, String stepId, String field) {
        if (d != null && (d.isNegative() || d.isZero())) {
            problems.add(new Problem(path, stepId, field, field + " must be positive, got " + d));
        }
    }
}
