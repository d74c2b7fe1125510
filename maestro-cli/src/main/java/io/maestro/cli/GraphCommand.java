package io.maestro.cli;

import io.maestro.cli.internal.Files2;
import io.maestro.cli.internal.MermaidGraph;
import io.maestro.model.Workflow;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code maestro graph}: the workflow as a Mermaid flowchart. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Prints the workflow as a Mermaid flowchart (parallel blocks, conditions, compensations).")
final class GraphCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<workflow.yaml>")
    Path workflow;

    @Override
    public Integer call() {
        Files2.requireReadable(workflow, "workflow");
        Workflow w = ExecuteCommand.load(workflow, Map.of(), System.err);
        System.out.print(MermaidGraph.render(w));
        return 0;
    }
}
