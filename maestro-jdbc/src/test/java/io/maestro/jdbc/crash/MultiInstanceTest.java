package io.maestro.jdbc.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.jdbc.JdbcStateStore;
import io.maestro.jdbc.PostgresFixture;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several orchestrator instances (child JVMs) sharing one PostgreSQL database: one is killed
 * mid-way with SIGKILL, and the survivors take its executions over once its leases expire.
 */
class MultiInstanceTest {

    @TempDir
    Path dir;

    /** An instance whose output goes to a file (a pipe nobody reads would block it once full). */
    private Process instance(String location, String name, String ledgerUrl, int count, String prefix) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InstanceChild.class.getName(),
                location, name, ledgerUrl, String.valueOf(count), prefix)
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private void awaitLine(String name, String expected) throws Exception {
        Path log = dir.resolve(name + ".log");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(expected))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " never printed " + expected + ": " + (Files.exists(log) ? Files.readString(log) : "(no output)"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // 25 s on a quiet machine; much more when the cores are shared
    void threeInstancesFinishEveryExecutionExactlyOnceAfterOneIsKilled() throws Exception {
        String location = PostgresFixture.urlFor(PostgresFixture.newSchema());
        int perInstance = 100;
        try (LedgerServer ledger = new LedgerServer(20)) {
            List<Process> instances = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                instances.add(instance(location, "instance-" + i, ledger.url(), perInstance, "mi" + i));
            }
            Process victim = instances.get(0);
            awaitLine("instance-1", "STARTED");
            // Let it get some way in, then kill it while executions are in flight.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ledger.all().stream().filter(c -> c.instance().equals("instance-1")).count() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            victim.destroyForcibly();
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (StateStore store = JdbcStateStore.open(location)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!store.unfinished().toCompletableFuture().join().isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                List<String> unfinished = store.unfinished().toCompletableFuture().join();
                StringBuilder why = new StringBuilder();
                for (String id : unfinished) { // what each one's journal says, should any be left
                    why.append('\n').append(id).append(": ").append(describe(store.read(id).toCompletableFuture().join()));
                }
                assertThat(unfinished).as("unfinished executions%s", why).isEmpty();

                int killedOwned = 0;
                for (int i = 1; i <= 3; i++) {
                    for (int n = 0; n < perInstance; n++) {
                        String id = "mi" + i + "-" + n;
                        List<JournalEntry> journal = store.read(id).toCompletableFuture().join();
                        if (journal.isEmpty()) {
                            assertThat(i).as("only the killed instance may have died before journaling %s", id).isEqualTo(1);
                            killedOwned++;
                            continue;
                        }
                        List<JournalEntry> ends = journal.stream().filter(e -> e.type() == EntryType.EXECUTION_ENDED).toList();
                        assertThat(ends).as("%s ended exactly once", id).hasSize(1);
                        assertThat(ends.get(0).data().get("status")).as("%s: %s", id, describe(journal)).isEqualTo("COMPLETED");
                        for (String step : List.of("a", "b", "c", "d")) {
                            assertThat(journal.stream().filter(e -> e.type() == EntryType.STEP_COMPLETED && step.equals(e.stepId())))
                                    .as("%s step %s completed once", id, step).hasSize(1);
                        }
                    }
                }
                // The survivors took over the killed instance's unfinished executions.
                assertThat(ledger.all().stream().filter(c -> c.key().startsWith("mi1-") && !c.instance().equals("instance-1")))
                        .as("calls of instance-1's executions made by the survivors").isNotEmpty();
                assertThat(killedOwned).isLessThan(perInstance);
            }
            // No step ran on two instances at once: calls of one key by different instances never overlap.
            Map<String, List<LedgerServer.Call>> byKey = ledger.all().stream().collect(Collectors.groupingBy(LedgerServer.Call::key));
            for (List<LedgerServer.Call> calls : byKey.values()) {
                List<LedgerServer.Call> sorted = calls.stream().sorted(Comparator.comparingLong(LedgerServer.Call::start)).toList();
                for (int k = 1; k < sorted.size(); k++) {
                    LedgerServer.Call prev = sorted.get(k - 1);
                    LedgerServer.Call next = sorted.get(k);
                    if (!prev.instance().equals(next.instance())) {
                        assertThat(next.start()).as("%s: %s then %s overlap", next.key(), prev.instance(), next.instance())
                                .isGreaterThanOrEqualTo(prev.end());
                    }
                }
            }
            for (Process p : instances.subList(1, 3)) {
                p.getOutputStream().close();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /** One line per entry (type, step, data), for a failure message. */
    private static List<String> describe(List<JournalEntry> journal) {
        return journal.stream().map(e -> e.type() + (e.stepId() == null ? "" : " " + e.stepId()) + " " + e.data()).toList();
    }

    /** A store whose lease renewals hang, as if this instance's threads were suspended. */
    private static final class PausedRenewals extends io.maestro.spi.state.ForwardingStateStore {
        PausedRenewals(StateStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<Boolean> renew(Lease lease, Duration ttl) {
            return new CompletableFuture<>();
        }
    }

    @Test
    void aPausedInstanceCannotWriteAfterAnotherTookItsExecutionOver() throws Exception {
        String location = PostgresFixture.urlFor(PostgresFixture.newSchema());
        try (LedgerServer ledger = new LedgerServer(1_500)) {
            // The zombie: its renewals never happen and each call takes longer than its lease (1 s).
            Orchestrator zombie = CrashWorkflow.builder(new PausedRenewals(JdbcStateStore.open(location)), ledger.url(), "zombie").build();
            CompletableFuture<ExecutionResult> zombieRun = zombie.start(CrashWorkflow.workflow(false), Map.of("x", 1), "paused-1")
                    .toCompletableFuture();
            Thread.sleep(1_200);
            try (Orchestrator survivor = CrashWorkflow.builder(JdbcStateStore.open(location), ledger.url(), "survivor").build()) {
                List<CompletionStage<ExecutionResult>> taken = survivor.recover();
                assertThat(taken).hasSize(1);
                ExecutionResult r = taken.get(0).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            }
            // The zombie's next journal write was refused: it stopped without writing anything more.
            assertThat(zombieRun).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(MaestroException.class).withMessageContaining("lease");
            zombie.close();
            try (StateStore store = JdbcStateStore.open(location)) {
                List<JournalEntry> journal = store.read("paused-1").toCompletableFuture().join();
                assertThat(journal.stream().filter(e -> e.type() == EntryType.EXECUTION_ENDED)).hasSize(1);
                assertThat(journal.stream().filter(e -> e.type() == EntryType.STEP_COMPLETED && "a".equals(e.stepId()))).hasSize(1);
            }
            // The zombie made only the call that was in flight when it lost the lease.
            assertThat(ledger.all().stream().filter(c -> c.instance().equals("zombie"))).hasSize(1);
        }
    }

}
