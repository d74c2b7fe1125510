package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.model.RetrySpec;
import io.maestro.model.Workflow;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.StubServices;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MaestroExtension.class)
class ParallelBlockTest {

    private static Workflow threeBranches(boolean failFast) {
        return Workflow.named("fan_out").version("1")
                .defaultRetry(RetrySpec.none())
                .parallel(p -> p
                        .step("a", s -> s.call("svc", "A"))
                        .step("b", s -> s.call("svc", "B"))
                        .step("c", s -> s.call("svc", "C"))
                        .failFast(failFast))
                .build();
    }

    @Test
    void branchesOverlapInTime(StubServices services) {
        for (String m : new String[] {"A", "B", "C"}) {
            services.stub("svc", m).delayed(Duration.ofMillis(200)).returns(Map.of("m", m));
        }
        try (Orchestrator o = services.orchestrator()) {
            o.run(threeBranches(true), Map.of()); // warm-up: class loading, expression compilation
            long start = System.nanoTime();
            ExecutionResult r = o.run(threeBranches(true), Map.of());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            // Sequentially this would take at least 600 ms.
            assertThat(elapsedMs).isLessThan(500);
            assertThat(LoanWorkflowTest.asMap(r.output())).containsOnlyKeys("a", "b", "c");
        }
    }

    @Test
    void failFastCancelsRunningSiblings(StubServices services) {
        // A fails once B and C are in flight (waiting for them keeps the test independent of machine load).
        services.stub("svc", "A").delayed(Duration.ofMillis(20)).answers(call -> {
            long until = System.nanoTime() + 10_000_000_000L;
            while ((services.calls("svc", "B").isEmpty() || services.calls("svc", "C").isEmpty()) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            throw StubServices.rejected("boom");
        });
        services.stub("svc", "B").delayed(Duration.ofSeconds(5)).returns(Map.of());
        services.stub("svc", "C").delayed(Duration.ofSeconds(5)).returns(Map.of());
        try (Orchestrator o = services.orchestrator()) {
            long start = System.nanoTime();
            ExecutionResult r = o.run(threeBranches(true), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
            assertThat(services.cancellations()).extracting(c -> c.method()).containsExactlyInAnyOrder("B", "C");
            assertThat(r.step("a").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.step("b").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.error().stepId()).isEqualTo("a");
            assertThat(r.error().message()).contains("boom");
        }
    }

    @Test
    void withoutFailFastSiblingsRunToTheirEnd(StubServices services) {
        services.stub("svc", "A").fails(StubServices.rejected("boom"));
        services.stub("svc", "B").delayed(Duration.ofMillis(100)).returns(Map.of("b", 1));
        services.stub("svc", "C").delayed(Duration.ofMillis(100)).returns(Map.of("c", 1));
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(threeBranches(false), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(services.cancellations()).isEmpty();
            assertThat(r.step("b").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(r.step("c").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
        }
    }

    @Test
    void sequenceBranchesSeeTheirEarlierOutputs(StubServices services) {
        services.stub("svc", "First").returns(Map.of("n", 41));
        services.stub("svc", "Second").answers(call -> Map.of("got", call.input()));
        services.stub("svc", "Other").returns(Map.of());
        Workflow w = Workflow.named("seq").version("1")
                .parallel(p -> p
                        .sequence(q -> q
                                .step("first", s -> s.call("svc", "First"))
                                .step("second", s -> s.call("svc", "Second").input(Map.of("n", "{{ .first.n + 1 }}"))))
                        .step("other", s -> s.call("svc", "Other")))
                .build();
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(w, Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(services.inputs("svc", "Second")).containsExactly(Map.of("n", 42));
        }
    }
}
