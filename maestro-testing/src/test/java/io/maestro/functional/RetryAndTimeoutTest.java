package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.event.ExecutionEvent;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.InMemoryTransport.RecordedCall;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.StubServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MaestroExtension.class)
class RetryAndTimeoutTest {

    private static Workflow oneStep(RetrySpec retry) {
        return Workflow.named("one").version("1")
                .step("call", s -> s.call("svc", "Do").retry(retry))
                .build();
    }

    private static long gapMs(List<RecordedCall> calls, int i) {
        return Duration.between(calls.get(i - 1).at(), calls.get(i).at()).toMillis();
    }

    @Test
    void retryableFailuresAreRetriedWithGrowingDelays(StubServices services) {
        services.stub("svc", "Do").failsTimes(2, StubServices.unavailable()).thenReturns(Map.of("ok", true));
        RetrySpec retry = RetrySpec.exponential(3, Duration.ofMillis(50), Duration.ofSeconds(1)).withJitter(0);
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(oneStep(retry), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            List<RecordedCall> calls = services.calls("svc", "Do");
            assertThat(calls).hasSize(3);
            assertThat(r.step("call").orElseThrow().attempts()).isEqualTo(3);
            // 50 ms then 100 ms; loose bounds, the machine is shared.
            assertThat(gapMs(calls, 1)).isBetween(45L, 1_000L);
            assertThat(gapMs(calls, 2)).isBetween(95L, 1_000L);
            assertThat(calls).extracting(c -> c.metadata().attempt()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void nonRetryableFailureIsCalledOnce(StubServices services) {
        services.stub("svc", "Do").fails(StubServices.rejected("bad request"));
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(oneStep(RetrySpec.exponential(5, Duration.ofMillis(1), Duration.ofMillis(5))), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(services.calls("svc", "Do")).hasSize(1);
        }
    }

    @Test
    void retryNoneCallsOnce(StubServices services) {
        services.stub("svc", "Do").fails(StubServices.unavailable());
        try (Orchestrator o = services.orchestrator()) {
            assertThat(o.run(oneStep(RetrySpec.none()), Map.of()).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(services.calls("svc", "Do")).hasSize(1);
        }
    }

    @Test
    void retryOnNarrowsAndWidensTheRetryableSet(StubServices services) {
        services.stub("svc", "Do").fails(new MaestroException("http_409", "conflict", false));
        RetrySpec base = RetrySpec.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5));
        try (Orchestrator o = services.orchestrator()) {
            o.run(oneStep(base.withRetryOn("retryable", "http_409")), Map.of());
            assertThat(services.calls("svc", "Do")).hasSize(3);

            services.transport().clearCalls();
            services.stub("svc", "Do").fails(StubServices.unavailable());
            o.run(oneStep(base.withRetryOn("timeout")), Map.of());
            assertThat(services.calls("svc", "Do")).hasSize(1);
        }
    }

    @Test
    void slowAttemptIsCancelledAndRetried(StubServices services) {
        services.stub("svc", "Do").delayed(Duration.ofSeconds(5)).returns(Map.of());
        Workflow w = Workflow.named("slow").version("1")
                .step("call", s -> s.call("svc", "Do").timeout(Duration.ofMillis(100))
                        .retry(RetrySpec.exponential(2, Duration.ofMillis(10), Duration.ofMillis(10)).withJitter(0)))
                .build();
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(w, Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error().code()).isEqualTo("timeout");
            assertThat(services.calls("svc", "Do")).hasSize(2);
            assertThat(services.cancellations()).hasSize(2);
        }
    }

    @Test
    void idempotencyKeyIsStableAcrossRetriesAndDiffersBetweenStepsAndCompensation(StubServices services) {
        services.stub("svc", "First").failsTimes(2, StubServices.unavailable()).thenReturns(Map.of());
        services.stub("svc", "Undo").returns(Map.of());
        services.stub("svc", "Second").fails(StubServices.rejected("no"));
        Workflow w = Workflow.named("keys").version("1")
                .defaultRetry(RetrySpec.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .step("first", s -> s.call("svc", "First").compensate(c -> c.method("Undo")))
                .step("second", s -> s.call("svc", "Second"))
                .build();
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.start(w, Map.of(), "exec-42").toCompletableFuture().join();

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(services.calls("svc", "First")).extracting(c -> c.metadata().idempotencyKey())
                    .containsExactly("exec-42:first", "exec-42:first", "exec-42:first");
            assertThat(services.calls("svc", "Second")).extracting(c -> c.metadata().idempotencyKey()).containsExactly("exec-42:second");
            assertThat(services.calls("svc", "Undo")).extracting(c -> c.metadata().idempotencyKey()).containsExactly("exec-42:first:compensate");
        }
    }

    @Test
    void retryAfterHintWithinTheMaxIsHonoured(StubServices services) {
        services.stub("svc", "Do")
                .failsTimes(1, new MaestroException("http_429", "slow down", true, Duration.ofMillis(300), null))
                .thenReturns(Map.of());
        RetrySpec retry = RetrySpec.exponential(2, Duration.ofMillis(1), Duration.ofSeconds(1)).withJitter(0);
        try (Orchestrator o = services.orchestrator()) {
            o.run(oneStep(retry), Map.of());
            assertThat(gapMs(services.calls("svc", "Do"), 1)).isBetween(280L, 2_000L);
        }
    }

    @Test
    void circuitOpensAfterTheThresholdAndFailsFastForOtherExecutions(StubServices services) throws Exception {
        services.stub("flaky", "Do").fails(StubServices.unavailable());
        List<ExecutionEvent.CircuitStateChanged> transitions = new CopyOnWriteArrayList<>();
        Workflow w = Workflow.named("cb").version("1").step("call", s -> s.call("flaky", "Do").retry(RetrySpec.none())).build();
        try (Orchestrator o = services.orchestratorBuilder()
                .service("flaky", ServiceBinding.local().withCircuitBreaker(
                        io.maestro.model.CircuitBreakerSpec.consecutiveFailures(3, Duration.ofMillis(300))))
                .listener(e -> {
                    if (e instanceof ExecutionEvent.CircuitStateChanged c) {
                        transitions.add(c);
                    }
                })
                .build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(o.run(w, Map.of()).error().code()).isEqualTo("unavailable");
            }
            ExecutionResult blocked = o.run(w, Map.of());
            assertThat(blocked.error().code()).isEqualTo("circuit_open");
            assertThat(services.calls("flaky", "Do")).hasSize(3);
            assertThat(transitions).extracting(ExecutionEvent.CircuitStateChanged::to).containsExactly("OPEN");

            Thread.sleep(400);
            services.stub("flaky", "Do").returns(Map.of("ok", true));
            assertThat(o.run(w, Map.of()).status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(services.calls("flaky", "Do")).hasSize(4);
            assertThat(transitions).extracting(ExecutionEvent.CircuitStateChanged::to).containsExactly("OPEN", "HALF_OPEN", "CLOSED");
        }
    }

    @Test
    void stepTimestampsAndAttemptsAreReported(StubServices services) {
        services.stub("svc", "Do").delayed(Duration.ofMillis(30)).returns(Map.of());
        try (Orchestrator o = services.orchestrator()) {
            Instant before = Instant.now();
            ExecutionResult r = o.run(oneStep(RetrySpec.none()), Map.of());
            var step = r.step("call").orElseThrow();
            assertThat(step.attempts()).isEqualTo(1);
            assertThat(step.startedAt()).isAfterOrEqualTo(before.minusMillis(5));
            assertThat(step.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(25));
        }
    }
}
