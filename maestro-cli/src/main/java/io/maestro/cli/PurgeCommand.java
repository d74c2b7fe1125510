package io.maestro.cli;

import io.maestro.cli.internal.Stores;
import io.maestro.cli.internal.UsageError;
import io.maestro.spi.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maestro purge}: deletes the journals of executions that ended longer ago than a
 * duration, in batches, so that a durable store does not grow without bound. Executions that
 * are running, parked or were reopened are never touched.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Deletes the journals of executions that ended longer ago than --older-than.")
final class PurgeCommand implements Callable<Integer> {

    @Option(names = "--older-than", required = true, paramLabel = "<duration>",
            description = "ISO-8601 duration, e.g. P30D or PT12H: executions that ended longer ago are deleted.")
    Duration olderThan;

    @Option(names = "--store", paramLabel = "<store>", defaultValue = Stores.DEFAULT,
            description = "sqlite:<path> or jdbc:postgresql://… (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--batch", paramLabel = "<n>", defaultValue = "1000",
            description = "Executions deleted per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        if (olderThan.isNegative()) {
            throw new UsageError("--older-than must not be negative, got " + olderThan);
        }
        if (batch <= 0) {
            throw new UsageError("--batch must be at least 1, got " + batch);
        }
        Instant cutOff = Instant.now().minus(olderThan);
        long total = 0;
        try (StateStore s = Stores.open(store)) {
            int purged;
            do {
                purged = s.purgeEnded(cutOff, batch).toCompletableFuture().join();
                total += purged;
            } while (purged == batch);
        }
        System.out.println("purged " + total + " execution" + (total == 1 ? "" : "s") + " that ended before " + cutOff);
        return 0;
    }
}
