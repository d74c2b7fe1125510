package io.maestro.cli;

import io.maestro.cli.internal.Stores;
import io.maestro.cli.internal.Timeline;
import io.maestro.cli.internal.UsageError;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.StateStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro status}: an execution's timeline, read from its journal. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Prints an execution's timeline from the store.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<execution-id>")
    String executionId;

    @Option(names = "--store", paramLabel = "<store>", defaultValue = Stores.DEFAULT,
            description = "sqlite:<path> or jdbc:postgresql://… (default: ${DEFAULT-VALUE}).")
    String store;

    @Override
    public Integer call() {
        try (StateStore s = Stores.open(store)) {
            List<JournalEntry> journal = s.read(executionId).toCompletableFuture().join();
            if (journal.isEmpty()) {
                throw new UsageError("no execution '" + executionId + "' in " + store);
            }
            System.out.print(Timeline.render(journal));
            return 0;
        }
    }
}
