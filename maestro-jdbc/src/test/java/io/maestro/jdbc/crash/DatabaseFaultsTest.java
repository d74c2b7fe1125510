package io.maestro.jdbc.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.jdbc.JdbcStateStore;
import io.maestro.jdbc.PostgresFixture;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.StateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions run while the database misbehaves — PostgreSQL connections terminated between and
 * during journal writes, a SQLite file whose write lock another connection holds — and still
 * converge: every execution completes, every journal is whole, no entry is lost or doubled.
 */
class DatabaseFaultsTest {

    private static final int EXECUTIONS = 200;

    @TempDir
    Path dir;

    private static List<CompletableFuture<ExecutionResult>> startAll(Orchestrator o, String prefix) {
        List<CompletableFuture<ExecutionResult>> runs = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            runs.add(o.start(CrashWorkflow.workflow(false), Map.of("x", i), prefix + i).toCompletableFuture());
        }
        return runs;
    }

    private static void assertConverged(List<CompletableFuture<ExecutionResult>> runs, StateStore store, String prefix) throws Exception {
        for (CompletableFuture<ExecutionResult> run : runs) {
            assertThat(run.get(120, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.COMPLETED);
        }
        for (int i = 0; i < EXECUTIONS; i++) {
            List<JournalEntry> journal = store.read(prefix + i).toCompletableFuture().join();
            assertThat(journal).extracting(JournalEntry::sequence).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, journal.size()).boxed().toList());
            assertThat(journal.stream().filter(e -> e.type() == EntryType.STEP_COMPLETED)).hasSize(4);
            assertThat(journal.get(journal.size() - 1).type()).isEqualTo(EntryType.EXECUTION_ENDED);
        }
    }

    @Test
    void executionsConvergeWhilePostgresConnectionsAreTerminated() throws Exception {
        String schema = PostgresFixture.newSchema();
        try (LedgerServer ledger = new LedgerServer(5);
                Connection admin = PostgresFixture.connect();
                StateStore store = JdbcStateStore.postgresBuilder(PostgresFixture.urlFor(schema), null, null)
                        .applicationName("maestro-faults").build()) {
            Orchestrator o = CrashWorkflow.builder(store, ledger.url(), "faults").build();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger terminated = new AtomicInteger();
            // Ten rounds, 250 ms apart, while the executions run: between and during journal writes.
            Thread killer = new Thread(() -> {
                for (int round = 0; round < 10 && !stop.get(); round++) {
                    try {
                        Thread.sleep(250);
                        terminated.addAndGet(PostgresFixture.terminateBackends(admin, "maestro-faults"));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            killer.start();
            List<CompletableFuture<ExecutionResult>> runs = startAll(o, "pgfault-");
            killer.join();
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(100, TimeUnit.SECONDS);
            stop.set(true);
            assertThat(terminated.get()).as("connections terminated during the run").isPositive();
            assertConverged(runs, store, "pgfault-");
            assertThat(ledger.all().stream().filter(c -> c.method().equals("A")).count())
                    .as("a completed step is not called again after a fault").isEqualTo(EXECUTIONS);
            o.close();
        }
    }

    @Test
    void executionsConvergeWhileAnotherConnectionHoldsTheSqliteWriteLock() throws Exception {
        Path file = dir.resolve("busy.db");
        try (LedgerServer ledger = new LedgerServer(5);
                StateStore store = JdbcStateStore.sqliteBuilder(file).busyTimeout(java.time.Duration.ofMillis(50)).build()) {
            Orchestrator o = CrashWorkflow.builder(store, ledger.url(), "busy").build();
            List<CompletableFuture<ExecutionResult>> runs;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // another writer holds the file's write lock
                runs = startAll(o, "busy-");
                Thread.sleep(1_500);
                s.execute("COMMIT");
            }
            assertConverged(runs, store, "busy-");
            o.close();
        }
    }
}
