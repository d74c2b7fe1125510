package io.maestro.jdbc.crash;

import io.maestro.ExecutionResult;
import io.maestro.Orchestrator;
import io.maestro.jdbc.JdbcStateStore;
import java.util.Map;

/**
 * The process that gets killed: runs one execution on a durable store, stopping at a crash point.
 * Arguments: store location, execution id, crash point ({@code none} or
 * {@code before|after:<ENTRY_TYPE>[:<step>]}), ledger URL, {@code failing} or {@code happy}.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) {
        CrashPointStore store = new CrashPointStore(JdbcStateStore.open(args[0]), CrashPointStore.Point.parse(args[2]));
        try (Orchestrator o = CrashWorkflow.orchestrator(store, args[3])) {
            ExecutionResult r = o.start(CrashWorkflow.workflow(args[4].equals("failing")), Map.of("x", 7), args[1])
                    .toCompletableFuture().join();
            System.out.println("ENDED " + r.status());
        }
        System.exit(0);
    }
}
