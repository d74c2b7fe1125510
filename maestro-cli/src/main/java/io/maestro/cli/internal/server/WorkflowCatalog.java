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
 * The workflows a server runs, by name and version, fixed when it starts: clients choose among
 * them and cannot send definitions of their own. Immutable.
 */
public final class WorkflowCatalog {

    private final Map<String, Map<String, Workflow>> byName;

    private WorkflowCatalog(Map<String, Map<String, Workflow>> byName) {
        this.byName = byName;
    }

    /** @throws IllegalArgumentException if two workflows share a name and version */
    public static WorkflowCatalog of(Collection<Workflow> workflows) {
        Map<String, Map<String, Workflow>> byName = new LinkedHashMap<>();
        for (Workflow w : workflows) {
            Workflow earlier = byName.computeIfAbsent(w.name(), n -> new LinkedHashMap<>()).putIfAbsent(w.version(), w);
            if (earlier != null) {
                throw new IllegalArgumentException("two workflows are named " + w.name() + " version " + w.version());
            }
        }
        return new WorkflowCatalog(byName);
    }

    /**
     * The workflow of this name; {@code version} may be left out when only one version is served.
     *
     * @throws ApiError 404 for an unknown name or version, 400 when the version is needed
     */
    Workflow find(String name, String version) {
        Map<String, Workflow> versions = byName.get(name);
        if (versions == null) {
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

    /** {@code [{name, version, description?, steps: [the ids of its call steps, in order]}]}, as loaded. */
    List<Map<String, Object>> describe() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Workflow> versions : byName.values()) {
            for (Workflow w : versions.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", w.name());
                m.put("version", w.version());
                if (w.description() != null) {
                    m.put("description", w.description());
                }
                List<String> ids = new ArrayList<>();
                w.steps().forEach(s -> collectIds(s, ids));
                m.put("steps", ids);
                list.add(m);
            }
        }
        return list;
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

    public int size() {
        return byName.values().stream().mapToInt(Map::size).sum();
    }
}
