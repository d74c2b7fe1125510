package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.Submission;
import io.maestro.model.Workflow;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.StubServices;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code Orchestrator.submit}: completes once the start is journaled, not when the execution ends. */
@ExtendWith(MaestroExtension.class)
class SubmitTest {

    private final InMemoryStateStore store = new InMemoryStateStore();

    private static Workflow oneStep() {
        return Workflow.named("submitted").version("1")
                .step("slow", s -> s.call("svc", "Slow").output("slow"))
                .build();
    }

    @Test
    void completesOnceTheStartIsJournaledWhileTheExecutionStillRuns(StubServices services) throws Exception {
        services.stub("svc", "Slow").delayed(Duration.ofSeconds(30)).returns(Map.of("done", true));
        try (Orchestrator o = services.orchestratorBuilder().stateStore(store).build()) {
            Submission s = o.submit(oneStep(), Map.of("n", 1), "sub-1").toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(s.executionId()).isEqualTo("sub-1");
            assertThat(s.created()).isTrue();
            assertThat(s.result().toCompletableFuture()).isNotDone();
            assertThat(store.read("sub-1").toCompletableFuture().join().get(0).type()).isEqualTo(EntryType.EXECUTION_STARTED);

            assertThat(o.cancel("sub-1")).isTrue();
            ExecutionResult r = s.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
        }
    }

    @Test
    void theSameIdInputAndDefinitionAgainIsNotCreatedTwiceAndADifferentInputConflicts(StubServices services) throws Exception {
        services.stub("svc", "Slow").returns(Map.of("done", true));
        try (Orchestrator o = services.orchestratorBuilder().stateStore(store).build()) {
            ExecutionResult first = o.start(oneStep(), Map.of("n", 1), "sub-2").toCompletableFuture().get(10, TimeUnit.SECONDS);

            Submission again = o.submit(oneStep(), Map.of("n", 1), "sub-2").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(again.created()).isFalse();
            assertThat(again.result().toCompletableFuture().get(10, TimeUnit.SECONDS).executionId()).isEqualTo(first.executionId());
            assertThat(services.calls("svc", "Slow")).hasSize(1);

            assertThatThrownBy(() -> o.submit(oneStep(), Map.of("n", 2), "sub-2").toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(MaestroException.class)
                    .hasMessageContaining("different input")
                    .satisfies(e -> assertThat(((MaestroException) e.getCause()).code()).isEqualTo("execution_conflict"));
        }
    }

    @Test
    void aConflictIsReportedWhileTheFirstExecutionIsStillRunning(StubServices services) throws Exception {
        services.stub("svc", "Slow").delayed(Duration.ofSeconds(30)).returns(Map.of());
        try (Orchestrator o = services.orchestratorBuilder().stateStore(store).build()) {
            Submission first = o.submit(oneStep(), Map.of("n", 1), "sub-3").toCompletableFuture().get(10, TimeUnit.SECONDS);

            CompletableFuture<Submission> clash = o.submit(oneStep(), Map.of("n", 2), "sub-3").toCompletableFuture();
            assertThatThrownBy(() -> clash.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MaestroException.class)
                    .satisfies(e -> assertThat(((MaestroException) e.getCause()).code()).isEqualTo("execution_conflict"));
            assertThat(first.result().toCompletableFuture()).isNotDone();
            o.cancel("sub-3");
        }
    }
}
