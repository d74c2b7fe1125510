package io.maestro.cli;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.cli.internal.Logging;
import io.maestro.cli.internal.Orchestrators;
import io.maestro.cli.internal.ResultJson;
import io.maestro.cli.internal.Stores;
import io.maestro.cli.internal.UsageError;
import io.maestro.model.ServiceBinding;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro resume}: continues an execution from its journal, with the definition it started with. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resumes an execution from the store: completed steps are not called again. Exit 0 when it COMPLETES.")
final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<execution-id>")
    String executionId;

    @Option(names = "--store", paramLabel = "<store>", defaultValue = Stores.DEFAULT,
            description = "sqlite:<path> or jdbc:postgresql://… (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--services", paramLabel = "<file>",
            description = "Service bindings; by default those recorded when the execution started.")
    Path services;

    @Option(names = "--debug", description = "Show resolved inputs, retries and debug logs.")
    boolean debug;

    @Option(names = "--retry-compensation",
            description = "For an execution that ended COMPENSATION_FAILED: call its failed compensations again.")
    boolean retryCompensation;

    @Option(names = "--wait-for-lease", paramLabel = "<duration>", defaultValue = "PT60S",
            description = "How long to wait for a killed owner's lease to expire (ISO-8601, default ${DEFAULT-VALUE}).")
    java.time.Duration waitForLease;

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageError("interrupted");
        }
    }

    @Override
    public Integer call() {
        Logging.configure(debug);
        Map<String, ServiceBinding> bindings = Orchestrators.bindings(services, System.err);
        try (Orchestrator o = Orchestrators.build(bindings, Stores.open(store), System.err, debug)) {
            ExecutionResult r = null;
            long giveUpAt = System.nanoTime() + waitForLease.toNanos();
            boolean told = false;
            while (r == null) {
                try {
                    r = (retryCompensation ? o.retryCompensation(executionId) : o.resume(executionId)).toCompletableFuture().join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof IllegalStateException && System.nanoTime() < giveUpAt) {
                        // The process that ran it was killed: its lease runs out by itself, then it is ours.
                        if (!told) {
                            System.err.println("maestro: " + executionId + " is still leased by its previous owner; waiting up to "
                                    + waitForLease.toSeconds() + " s for the lease to expire…");
                            told = true;
                        }
                        sleep();
                    } else if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof IllegalStateException) {
                        throw new UsageError(e.getCause().getMessage());
                    } else {
                        throw e;
                    }
                }
            }
            System.out.println(ResultJson.toJson(r));
            return r.status() == ExecutionStatus.COMPLETED ? 0 : MaestroCommand.NOT_COMPLETED;
        }
    }
}
