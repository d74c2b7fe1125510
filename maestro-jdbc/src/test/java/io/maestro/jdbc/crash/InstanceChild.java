package io.maestro.jdbc.crash;

import io.maestro.Orchestrator;
import io.maestro.jdbc.JdbcStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One orchestrator instance of the multi-instance test: starts its share of executions, and
 * recovers other instances' executions whose lease expired, until its stdin closes.
 * Arguments: store location, instance name, ledger URL, number of executions, id prefix.
 */
public final class InstanceChild {

    private InstanceChild() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[3]);
        try (Orchestrator o = CrashWorkflow.builder(JdbcStateStore.open(args[0]), args[2], args[1])
                .recoverEvery(Duration.ofMillis(500))
                .build()) {
            List<CompletableFuture<?>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                started.add(o.start(CrashWorkflow.workflow(false), Map.of("x", i), args[4] + "-" + i).toCompletableFuture());
            }
            System.out.println("STARTED " + count);
            System.out.flush();
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            System.out.println("OWN DONE");
            System.out.flush();
            // Keep recovering others' executions until the test closes our stdin.
            while (System.in.read() != -1) {
                // nothing to read; the loop ends when stdin closes
            }
        }
    }
}
