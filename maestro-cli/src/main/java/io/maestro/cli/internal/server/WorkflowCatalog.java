package io.maestro.cli.internal.server;

import io.maestro.model.CallStep;
import io.maestro.model.NameSuggestions;
import io.maestro.model.ParallelBlock;
import io.maestro.model.Sequence;
import io.maestro.model.Step;
import io.maestro.model.Workflow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The workflows a server runs, by name and version: those loaded at start-up, and those
 * registered since (in memory only; an execution keeps its definition in its journal, so it
 * resumes after a restart even if its workflow is not registered again). A name and version,
 * once served, always mean the same definition. Thread-safe.
 */
public final class WorkflowCatalog {

    /** What {@link #register} did. */
    enum Registration { ADDED, ALREADY_THERE }

    private final Map<String, Map<String, Workflow>> byName = new LinkedHashMap<>();

    private WorkflowCatalog() {
    }

    /** @throws IllegalArgumentException if two workflows share a name and version */
    public static WorkflowCatalog of(Collection<Workflow> workflows) {
        WorkflowCatalog catalog = new WorkflowCatalog();
        for (Workflow w : workflows) {
            if (catalog.byName.computeIfAbsent(w.name(), n -> new LinkedHashMap<>()).putIfAbsent(w.version(), w) != null) {
                throw new IllegalArgumentException("two workflows are named " + w.name() + " version " + w.version());
            }
        }
        return catalog;
    }

    /**
     * Adds a workflow; the same definition again changes nothing.
     *
     * @throws ApiError 409 if this name and version already mean another definition
     */
    synchronized Registration register(Workflow workflow) {
        Map<String, Workflow> versions = byName.computeIfAbsent(workflow.name(), n -> new LinkedHashMap<>());
        Workflow earlier = versions.putIfAbsent(workflow.version(), workflow);
        if (earlier == null) {
            return Registration.ADDED;
        }
        if (earlier.equals(workflow)) {
            return Registration.ALREADY_THERE;
        }
        throw new ApiError(409, "workflow_exists", "workflow " + workflow.name() + " version " + workflow.version()
                + " is already served with another definition: give the new one another version");
    }

    /**
     * The workflow of this name; {@code version} may be left out when only one version is served.
     *
     * @throws ApiError 404 for an unknown name or version, 400 when the version is needed
     */
    synchronized Workflow find(String name, String version) {
        Map<String, Workflow> versions = byName.get(name);
        if (versions == null || versions.isEmpty()) {
            throw new ApiError(404, "unknown_workflow", "no workflow named '" + name + "' is served"
                    + NameSuggestions.didYouMean(name, byName.keySet()));
        }
        if (version == null) {
            if (versions.size() > 1) {
                throw new ApiError(400, "version_required", "workflow " + name + " is served in versions " + new TreeSet<>(versions.keySet())
                        + ": say which with \"version\"");
            }
            return versions.values().iterator().next();
        }
        Workflow w = versions.get(version);
        if (w == null) {
            throw new ApiError(404, "unknown_workflow", "workflow " + name + " is not served in version " + version
                    + "; served: " + new TreeSet<>(versions.keySet()));
        }
        return w;
    }

    /** {@code [{name, version, description?, steps: [the ids of its call steps, in order]}]}, in the order added. */
    synchronized List<Map<String, Object>> describe() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Workflow> versions : byName.values()) {
            for (Workflow w : versions.values()) {
                list.add(describe(w));
            }
        }
        return list;
    }

    static Map<String, Object> describe(Workflow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("version", w.version());
        if (w.description() != null) {
            m.put("description", w.description());
        }
        List<String> ids = new ArrayList<>();
        w.steps().forEach(s -> collectIds(s, ids));
        m.put("steps", ids);
        return m;
    }

    private static void collectIds(Step step, List<String> ids) {
        if (step instanceof CallStep call) {
            ids.add(call.id());
        } else if (step instanceof ParallelBlock block) {
            block.branches().forEach(b -> collectIds(b, ids));
        } else if (step instanceof Sequence sequence) {
            sequence.steps().forEach(s -> collectIds(s, ids));
        }
    }

    public synchronized int size() {
        return byName.values().stream().mapToInt(Map::size).sum();
    }
}
