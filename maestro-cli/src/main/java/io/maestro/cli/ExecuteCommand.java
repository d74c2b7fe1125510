package io.maestro.cli;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.cli.internal.Files2;
import io.maestro.cli.internal.InputReader;
import io.maestro.cli.internal.Logging;
import io.maestro.cli.internal.Orchestrators;
import io.maestro.cli.internal.ResultJson;
import io.maestro.cli.internal.Stores;
import io.maestro.cli.internal.UsageError;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.yaml.LocatedProblem;
import io.maestro.yaml.WorkflowLoadException;
import io.maestro.yaml.YamlWorkflows;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro execute}: runs a workflow; progress on stderr, the result as JSON on stdout. */
@Command(name = "execute", mixinStandardHelpOptions = true,
        description = "Runs a workflow. Progress on stderr, result JSON on stdout. Exit 0 when COMPLETED, 1 otherwise, 2 for bad input.")
final class ExecuteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<workflow.yaml>")
    Path workflow;

    @Option(names = "--input", paramLabel = "<json>", description = "The workflow input as JSON.")
    String input;

    @Option(names = "--input-file", paramLabel = "<file>", description = "A file holding the workflow input as JSON.")
    Path inputFile;

    @Option(names = "--services", paramLabel = "<file>", description = "Service bindings; they win over the workflow's inline ones.")
    Path services;

    @Option(names = "--store", paramLabel = "<store>", defaultValue = Stores.DEFAULT,
            description = "memory, sqlite:<path> or jdbc:postgresql://… (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--execution-id", paramLabel = "<id>", description = "Choose the execution id (starting again with it is idempotent).")
    String executionId;

    @Option(names = "--debug", description = "Show resolved inputs, retries, circuit breaker transitions and debug logs.")
    boolean debug;

    @Option(names = "--lease-ttl", paramLabel = "<duration>", defaultValue = "PT10S",
            description = "How long the execution stays owned by this process if it dies (ISO-8601, default ${DEFAULT-VALUE});"
                    + " 'maestro resume' can take it over after that.")
    java.time.Duration leaseTtl;

    @Override
    public Integer call() throws Exception {
        Logging.configure(debug);
        PrintStream err = System.err;
        Files2.requireReadable(workflow, "workflow");
        Map<String, ServiceBinding> bindings = Orchestrators.bindings(services, err);
        Workflow w = load(workflow, bindings, err);
        Object data = InputReader.read(input, inputFile);
        String id = executionId == null ? UUID.randomUUID().toString() : executionId;
        try (Orchestrator o = Orchestrators.build(bindings, Stores.open(store), err, debug, leaseTtl)) {
            CompletableFuture<ExecutionResult> running = o.start(w, data, id).toCompletableFuture();
            Thread onCtrlC = new Thread(() -> {
                if (!running.isDone()) {
                    err.println("■ interrupted: cancelling " + id + " (compensating completed steps)…");
                    o.cancel(id);
                    try {
                        System.out.println(ResultJson.toJson(running.get(60, TimeUnit.SECONDS)));
                    } catch (Exception e) {
                        err.println("maestro: cancellation did not finish: " + e);
                    }
                }
            }, "maestro-ctrl-c");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            ExecutionResult r = running.join();
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
            System.out.println(ResultJson.toJson(r));
            return r.status() == ExecutionStatus.COMPLETED ? 0 : MaestroCommand.NOT_COMPLETED;
        }
    }

    /** Loads and validates; every problem is printed as file:line:column: message (exit 2). */
    static Workflow load(Path file, Map<String, ServiceBinding> bindings, PrintStream err) {
        return load(file, bindings.isEmpty() ? null : new HashSet<>(bindings.keySet()), err);
    }

    /**
     * Loads and validates, with every service bound inline or in {@code known} (null: not
     * checked); every problem is printed as file:line:column: message (exit 2).
     */
    static Workflow load(Path file, Set<String> known, PrintStream err) {
        try {
            return known == null ? YamlWorkflows.load(file) : YamlWorkflows.load(file, known);
        } catch (WorkflowLoadException e) {
            for (LocatedProblem p : e.locatedProblems()) {
                err.println(p);
            }
            throw new UsageError(file + " is not a valid workflow (" + e.locatedProblems().size() + " problem"
                    + (e.locatedProblems().size() == 1 ? "" : "s") + ")");
        }
    }
}
