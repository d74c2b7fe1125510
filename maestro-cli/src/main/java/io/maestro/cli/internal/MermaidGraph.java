package io.maestro.cli.internal;

import io.maestro.model.CallStep;
import io.maestro.model.ParallelBlock;
import io.maestro.model.Sequence;
import io.maestro.model.Step;
import io.maestro.model.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow as a Mermaid flowchart: steps in order, parallel blocks as fork and join nodes,
 * {@code when} conditions on the edges into their step, compensations as dashed edges.
 */
public final class MermaidGraph {

    private final StringBuilder out = new StringBuilder();
    private int blocks;

    private MermaidGraph() {
    }

    public static String render(Workflow w) {
        MermaidGraph g = new MermaidGraph();
        g.out.append("flowchart TD\n");
        g.out.append("  start([\"").append(text(w.name() + " " + w.version())).append("\"])\n");
        List<String> exits = g.steps(w.steps(), List.of("start"));
        g.out.append("  finish([end])\n");
        for (String e : exits) {
            g.out.append("  ").append(e).append(" --> finish\n");
        }
        return g.out.toString();
    }

    /** Renders steps in order after {@code from}; returns the nodes the next step follows. */
    private List<String> steps(List<Step> steps, List<String> from) {
        List<String> current = from;
        for (Step s : steps) {
            current = step(s, current);
        }
        return current;
    }

    private List<String> step(Step step, List<String> from) {
        if (step instanceof CallStep c) {
            out.append("  ").append(c.id()).append("[\"").append(text(c.id())).append("<br/><small>")
                    .append(text(c.service() + " · " + c.method())).append("</small>\"]\n");
            for (String f : from) {
                out.append("  ").append(f);
                if (c.when() != null) {
                    out.append(" -->|\"").append(text(condition(c.when()))).append("\"| ");
                } else {
                    out.append(" --> ");
                }
                out.append(c.id()).append('\n');
            }
            if (c.compensation() != null) {
                String comp = c.id() + "_undo";
                String service = c.compensation().service() == null ? c.service() : c.compensation().service();
                out.append("  ").append(comp).append("[/\"↺ ").append(text(service + " · " + c.compensation().method())).append("\"/]\n");
                out.append("  ").append(c.id()).append(" -. compensate .-> ").append(comp).append('\n');
            }
            // A skipped step lets the flow pass by: what follows comes after it either way.
            return List.of(c.id());
        }
        if (step instanceof Sequence s) {
            return steps(s.steps(), from);
        }
        ParallelBlock p = (ParallelBlock) step;
        int n = ++blocks;
        String fork = "fork" + n;
        String join = "join" + n;
        out.append("  ").append(fork).append("{{\"parallel").append(p.failFast() ? "" : " (no fail-fast)").append("\"}}\n");
        for (String f : from) {
            out.append("  ").append(f).append(" --> ").append(fork).append('\n');
        }
        List<String> ends = new ArrayList<>();
        for (Step branch : p.branches()) {
            ends.addAll(step(branch, List.of(fork)));
        }
        out.append("  ").append(join).append("((\" \"))\n");
        for (String e : ends) {
            out.append("  ").append(e).append(" --> ").append(join).append('\n');
        }
        return List.of(join);
    }

    private static String condition(String when) {
        String t = when.trim();
        if (t.startsWith("{{") && t.endsWith("}}")) {
            t = t.substring(2, t.length() - 2).trim();
        }
        return "when " + t;
    }

    private static String text(String s) {
        return s.replace("&", "#amp;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
