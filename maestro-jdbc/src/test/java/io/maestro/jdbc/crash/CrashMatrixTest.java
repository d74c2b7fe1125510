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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash matrix: an execution runs in a child JVM that is killed with SIGKILL at a named
 * point of its journal (or at a seeded random moment), then this process resumes it from the
 * same durable store. Services keep a ledger keyed by idempotency key. Every execution must end
 * terminal, no completed step (or compensation) may be called again, a repeated call must carry
 * the same key, and the final output must equal that of a run without a crash.
 */
class CrashMatrixTest {

    private static final Map<String, String> METHOD_OF = Map.of("a", "A", "b", "B", "c", "C", "d", "D");
    private static LedgerServer ledger;
    private static final Map<Boolean, ExecutionResult> reference = new HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        ledger = new LedgerServer();
        for (boolean failing : new boolean[] {false, true}) {
            try (Orchestrator o = CrashWorkflow.orchestrator(JdbcStateStore.sqlite(dir.resolve("reference-" + failing + ".db")), ledger.url())) {
                reference.put(failing, o.start(CrashWorkflow.workflow(failing), Map.of("x", 7), "reference-" + failing)
                        .toCompletableFuture().join());
            }
        }
        assertThat(reference.get(false).status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(reference.get(true).status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String store : List.of("sqlite", "postgres")) {
            cases.add(Arguments.of(store, "before:STEP_STARTED:b", false));
            cases.add(Arguments.of(store, "after:STEP_STARTED:b", false));
            cases.add(Arguments.of(store, "before:STEP_COMPLETED:b", false));
            cases.add(Arguments.of(store, "before:EXECUTION_ENDED", false));
            cases.add(Arguments.of(store, "before:COMPENSATION_COMPLETED:b", true));
            cases.add(Arguments.of(store, "after:COMPENSATION_COMPLETED:b", true));
            for (long seed = 1; seed <= 3; seed++) {
                cases.add(Arguments.of(store, "random:" + seed, seed % 2 == 0));
            }
        }
        return cases.stream();
    }

    private static String location(String kind, String id) throws Exception {
        return kind.equals("sqlite") ? "sqlite:" + dir.resolve(id + ".db") : PostgresFixture.urlFor(PostgresFixture.newSchema());
    }

    @ParameterizedTest(name = "{0}, crash {1}, saga {2}")
    @MethodSource("cases")
    void anExecutionKilledAtAnyPointResumesToTheSameOutcome(String kind, String crash, boolean failing) throws Exception {
        String id = "crash-" + kind + "-" + crash.replace(':', '-') + "-" + System.nanoTime();
        String location = location(kind, id);
        boolean random = crash.startsWith("random:");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                location, id, random ? "none" : crash, ledger.url(), failing ? "failing" : "happy")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> printed = new ArrayList<>();
        if (random) {
            // Killed at a seeded moment while it runs: the first journal write, a call, or anything after.
            long delay = new Random(Long.parseLong(crash.substring(7))).nextInt(400);
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ledger.calls(id).isEmpty() && child.isAlive() && System.nanoTime() < waitUntil) {
                Thread.sleep(5);
            }
            Thread.sleep(delay);
        } else {
            String line;
            while ((line = out.readLine()) != null && !line.equals("CRASHPOINT")) {
                printed.add(line);
            }
            assertThat(line).as("the child reached %s; it printed %s", crash, printed).isEqualTo("CRASHPOINT");
        }
        boolean diedOnItsOwn = !child.isAlive();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (random) {
            assertThat(diedOnItsOwn && child.exitValue() != 0).as("the child failed on its own (exit %d)", child.exitValue()).isFalse();
        }

        try (StateStore store = JdbcStateStore.open(location)) {
            List<JournalEntry> before = store.read(id).toCompletableFuture().join();
            assertThat(before).as("the child journaled its start before it was killed (ledger: %s)", ledger.calls(id)).isNotEmpty();
            Set<String> completed = new java.util.HashSet<>();
            Set<String> compensated = new java.util.HashSet<>();
            for (JournalEntry e : before) {
                if (e.type() == EntryType.STEP_COMPLETED) {
                    completed.add(e.stepId());
                } else if (e.type() == EntryType.COMPENSATION_COMPLETED) {
                    compensated.add(e.stepId());
                }
            }
            Map<String, Long> callsBefore = new HashMap<>();
            for (String method : List.of("A", "B", "C", "D", "UndoA", "UndoB")) {
                callsBefore.put(method, ledger.count(id, method));
            }

            ExecutionResult r = resume(store, id);

            assertThat(r.status()).isEqualTo(failing ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED);
            for (String step : completed) {
                assertThat(ledger.count(id, METHOD_OF.get(step))).as("completed step %s is not called again", step)
                        .isEqualTo(callsBefore.get(METHOD_OF.get(step)));
            }
            for (String step : compensated) {
                String undo = "Undo" + METHOD_OF.get(step);
                assertThat(ledger.count(id, undo)).as("completed compensation of %s is not called again", step).isEqualTo(callsBefore.get(undo));
            }
            for (LedgerServer.Call call : ledger.calls(id)) {
                String step = call.method().startsWith("Undo") ? call.method().substring(4).toLowerCase()
                        : call.method().equals("Fail") ? "d" : call.method().toLowerCase();
                assertThat(call.key()).isEqualTo(id + ":" + step + (call.method().startsWith("Undo") ? ":compensate" : ""));
            }
            ExecutionResult ref = reference.get(failing);
            assertThat(r.output()).isEqualTo(ref.output());
            if (failing) {
                assertThat(ledger.count(id, "UndoA")).isPositive();
                assertThat(ledger.count(id, "UndoB")).isPositive();
            } else {
                assertThat(ledger.count(id, "UndoA") + ledger.count(id, "UndoB")).isZero();
            }
        }
        try (StateStore reopened = JdbcStateStore.open(location)) {
            List<JournalEntry> after = reopened.read(id).toCompletableFuture().join();
            assertThat(after).extracting(JournalEntry::sequence).doesNotHaveDuplicates().isSorted();
            assertThat(after.get(after.size() - 1).type()).isEqualTo(EntryType.EXECUTION_ENDED);
        }
    }

    /** Resumes once the killed child's lease (1 s) has expired. (Closing the orchestrator closes the store.) */
    private static ExecutionResult resume(StateStore store, String id) throws InterruptedException {
        try (Orchestrator o = CrashWorkflow.orchestrator(store, ledger.url())) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    return o.resume(id).toCompletableFuture().join();
                } catch (CompletionException e) {
                    if (!(e.getCause() instanceof IllegalStateException) || System.nanoTime() > giveUp) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
