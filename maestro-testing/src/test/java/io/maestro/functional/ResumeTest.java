package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.model.RetrySpec;
import io.maestro.model.Workflow;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.spi.state.JournalEntry;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.StubServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resume from the journal, in one process: an orchestrator is closed while a step's call hangs
 * (its journal then ends with that step started and no outcome, as after a crash), and a second
 * orchestrator on the same store resumes it. The crash tests with a killed JVM live in
 * maestro-jdbc.
 */
@ExtendWith(MaestroExtension.class)
class ResumeTest {

    private final InMemoryStateStore store = new InMemoryStateStore();

    private static Workflow threeSteps(boolean secondIdempotent) {
        return Workflow.named("three").version("1")
                .defaultRetry(RetrySpec.none())
                .step("first", s -> s.call("svc", "First").compensate(c -> c.method("UndoFirst")))
                .step("second", s -> s.call("svc", "Second").idempotent(secondIdempotent).compensate(c -> c.method("UndoSecond")))
                .step("third", s -> s.call("svc", "Third").input(Map.of("from_first", "{{ .first.n }}")))
                .build();
    }

    /** Runs until "second" is in flight, then closes the orchestrator: the journal is left as a crash would leave it. */
    private void crashDuringSecond(StubServices services, Workflow w, String id) throws Exception {
        services.stub("svc", "First").returns(Map.of("n", 1));
        services.stub("svc", "Second").delayed(Duration.ofHours(1)).returns(Map.of());
        Orchestrator first = services.orchestratorBuilder().stateStore(store).instanceId("a").build();
        CompletableFuture<ExecutionResult> running = first.start(w, Map.of("x", 1), id).toCompletableFuture();
        while (services.calls("svc", "Second").isEmpty()) {
            Thread.sleep(5);
        }
        first.close();
        assertThatThrownBy(running::join).isInstanceOf(CompletionException.class).hasMessageContaining("closed");
        List<JournalEntry> journal = store.read(id).toCompletableFuture().join();
        assertThat(journal.get(journal.size() - 1).type()).isEqualTo(EntryType.STEP_STARTED);
    }

    @Test
    void resumeDoesNotCallCompletedStepsAgainAndRetriesTheInterruptedOneWithTheSameKey(StubServices services) throws Exception {
        crashDuringSecond(services, threeSteps(true), "resume-1");
        services.stub("svc", "Second").delayed(Duration.ZERO).returns(Map.of("ok", true));
        services.stub("svc", "Third").answers(call -> Map.of("got", call.input()));

        try (Orchestrator second = services.orchestratorBuilder().stateStore(store).instanceId("b").build()) {
            ExecutionResult r = second.resume("resume-1").toCompletableFuture().join();

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(services.calls("svc", "First")).hasSize(1);
            assertThat(services.calls("svc", "Second")).extracting(c -> c.metadata().idempotencyKey())
                    .containsExactly("resume-1:second", "resume-1:second");
            assertThat(services.calls("svc", "Second")).extracting(c -> c.metadata().attempt()).containsExactly(1, 2);
            // The context was rebuilt from the journal: third sees first's output.
            assertThat(services.inputs("svc", "Third")).containsExactly(Map.of("from_first", 1));
            assertThat(r.step("first").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(second.status("resume-1").orElseThrow().status()).isEqualTo(ExecutionStatus.COMPLETED);
        }
    }

    @Test
    void anInterruptedNonIdempotentStepIsNotCalledAgainButFailedAndCompensated(StubServices services) throws Exception {
        crashDuringSecond(services, threeSteps(false), "resume-2");
        services.stub("svc", "UndoSecond").returns(Map.of());
        services.stub("svc", "UndoFirst").returns(Map.of());

        try (Orchestrator second = services.orchestratorBuilder().stateStore(store).build()) {
            ExecutionResult r = second.resume("resume-2").toCompletableFuture().join();

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error().code()).isEqualTo("outcome_unknown");
            assertThat(services.calls("svc", "Second")).hasSize(1);
            assertThat(services.calls().stream().map(c -> c.method()).filter(m -> m.startsWith("Undo")).toList())
                    .containsExactly("UndoSecond", "UndoFirst");
        }
    }

    @Test
    void resumeRunsTheStoredDefinitionNotTodays(StubServices services) throws Exception {
        crashDuringSecond(services, threeSteps(true), "resume-3");
        services.stub("svc", "Second").delayed(Duration.ZERO).returns(Map.of());
        services.stub("svc", "Third").returns(Map.of());
        services.stub("svc", "Fourth").returns(Map.of());
        // Today's definition has another third step; resume must not see it.
        try (Orchestrator second = services.orchestratorBuilder().stateStore(store).build()) {
            ExecutionResult r = second.resume("resume-3").toCompletableFuture().join();
            assertThat(r.steps()).extracting(s -> s.id()).containsExactly("first", "second", "third");
            assertThat(services.calls("svc", "Fourth")).isEmpty();
        }
    }

    @Test
    void recoverTakesOverExecutionsWhoseLeaseWasReleasedAndParksRepeatOffenders(StubServices services) throws Exception {
        crashDuringSecond(services, threeSteps(true), "resume-4");
        try (Orchestrator second = services.orchestratorBuilder().stateStore(store).maxRecoveries(1).build()) {
            // First recovery: taken over, and (since Second still hangs) left running; close to "crash" again.
            List<?> first = second.recover();
            assertThat(first).hasSize(1);
        }
        try (Orchestrator third = services.orchestratorBuilder().stateStore(store).maxRecoveries(1).build()) {
            assertThat(third.recover()).isEmpty();
            assertThat(third.status("resume-4").orElseThrow().status()).isEqualTo(ExecutionStatus.PARKED);
            // An operator resumes it by hand once the cause is fixed.
            services.stub("svc", "Second").delayed(Duration.ZERO).returns(Map.of());
            services.stub("svc", "Third").returns(Map.of());
            assertThat(third.resume("resume-4").toCompletableFuture().join().status()).isEqualTo(ExecutionStatus.COMPLETED);
        }
    }

    @Test
    void startingTwiceWithTheSameIdAndInputReturnsTheSameExecution(StubServices services) {
        services.stub("svc", "First").returns(Map.of("n", 1));
        services.stub("svc", "Second").returns(Map.of());
        services.stub("svc", "Third").returns(Map.of());
        try (Orchestrator o = services.orchestratorBuilder().stateStore(store).build()) {
            ExecutionResult a = o.start(threeSteps(true), Map.of("x", 1), "same").toCompletableFuture().join();
            ExecutionResult b = o.start(threeSteps(true), Map.of("x", 1), "same").toCompletableFuture().join();

            assertThat(b.executionId()).isEqualTo(a.executionId());
            assertThat(b.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(services.calls("svc", "First")).hasSize(1);
            assertThatThrownBy(() -> o.start(threeSteps(true), Map.of("x", 2), "same").toCompletableFuture().join())
                    .hasCauseInstanceOf(MaestroException.class).hasMessageContaining("different input");
        }
    }

    @Test
    void aCrashAfterTheSagaBeganContinuesCompensatingWithoutRunningMoreSteps(StubServices services) throws Exception {
        services.stub("svc", "First").returns(Map.of("n", 1));
        services.stub("svc", "Second").fails(StubServices.rejected("no"));
        services.stub("svc", "UndoFirst").delayed(Duration.ofHours(1)).returns(Map.of());
        Workflow w = threeSteps(true);
        Orchestrator first = services.orchestratorBuilder().stateStore(store).build();
        CompletableFuture<ExecutionResult> running = first.start(w, Map.of(), "saga-crash").toCompletableFuture();
        while (services.calls("svc", "UndoFirst").isEmpty()) {
            Thread.sleep(5);
        }
        first.close();
        assertThatThrownBy(running::join).isInstanceOf(CompletionException.class);

        services.stub("svc", "UndoFirst").delayed(Duration.ZERO).returns(Map.of());
        try (Orchestrator second = services.orchestratorBuilder().stateStore(store).build()) {
            ExecutionResult r = second.resume("saga-crash").toCompletableFuture().join();
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.step("first").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(services.calls("svc", "UndoFirst")).extracting(c -> c.metadata().idempotencyKey())
                    .containsExactly("saga-crash:first:compensate", "saga-crash:first:compensate");
            assertThat(services.calls("svc", "Second")).hasSize(1);
            assertThat(services.calls("svc", "Third")).isEmpty();
        }
    }

    @Test
    void failedCompensationsCanBeRetriedLaterWithoutRedoingTheOthers(StubServices services) {
        services.stub("svc", "First").returns(Map.of("n", 1));
        services.stub("svc", "Second").returns(Map.of());
        services.stub("svc", "Third").fails(StubServices.rejected("no"));
        services.stub("svc", "UndoSecond").returns(Map.of());
        services.stub("svc", "UndoFirst").fails(StubServices.unavailable());
        try (Orchestrator o = services.orchestratorBuilder().stateStore(store).build()) {
            ExecutionResult failed = o.start(threeSteps(true), Map.of(), "retry-comp").toCompletableFuture().join();
            assertThat(failed.status()).isEqualTo(ExecutionStatus.COMPENSATION_FAILED);
            assertThat(failed.step("first").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
            assertThat(services.calls("svc", "UndoFirst")).hasSize(5);

            // Only an execution that ended COMPENSATION_FAILED has compensations to retry.
            assertThatThrownBy(() -> o.retryCompensation("nope").toCompletableFuture().join()).hasCauseInstanceOf(IllegalArgumentException.class);

            services.stub("svc", "UndoFirst").returns(Map.of());
            ExecutionResult retried = o.retryCompensation("retry-comp").toCompletableFuture().join();

            assertThat(retried.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(retried.step("first").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(retried.step("second").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(services.calls("svc", "UndoSecond")).hasSize(1);
            assertThat(services.calls("svc", "UndoFirst")).hasSize(6)
                    .extracting(c -> c.metadata().idempotencyKey()).containsOnly("retry-comp:first:compensate");
            assertThat(o.status("retry-comp").orElseThrow().status()).isEqualTo(ExecutionStatus.FAILED);
            assertThatThrownBy(() -> o.retryCompensation("retry-comp").toCompletableFuture().join())
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}
