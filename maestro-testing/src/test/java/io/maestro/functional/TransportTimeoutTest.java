package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.ServiceCall;
import io.maestro.spi.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who times an attempt out: the engine, unless the transport says it ends its own calls on time. */
class TransportTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    /** The engine's scheduler, recording the delay of every task scheduled on it. */
    private final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void transportThatTimesOutItsOwnCallsGetsNoSecondTimer() {
        try (Orchestrator o = orchestrator(new SilentTransport(true, TIMEOUT))) {
            ExecutionResult r = o.run(workflow(), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.step("call").orElseThrow().error().code()).isEqualTo("timeout");
            assertThat(r.step("call").orElseThrow().error().message()).isEqualTo("the transport's own timeout");
            assertThat(scheduler.delays).doesNotContain(TIMEOUT.toNanos());
        }
    }

    @Test
    void otherTransportsAreTimedOutByTheEngine() {
        // This one would give up only much later: the engine's timer must end the attempt.
        try (Orchestrator o = orchestrator(new SilentTransport(false, TIMEOUT.multipliedBy(50)))) {
            ExecutionResult r = o.run(workflow(), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.step("call").orElseThrow().error().code()).isEqualTo("timeout");
            assertThat(r.step("call").orElseThrow().error().message()).contains("attempt 1 timed out after 200 ms");
            assertThat(scheduler.delays).contains(TIMEOUT.toNanos());
        }
    }

    private Orchestrator orchestrator(Transport transport) {
        return Orchestrator.builder()
                .discoverTransports(false)
                .transport(transport)
                .scheduler(scheduler)
                .service("svc", ServiceBinding.of("silent", "silent://svc"))
                .build();
    }

    private static Workflow workflow() {
        return Workflow.named("one").version("1")
                .step("call", s -> s.call("svc", "Do").timeout(TIMEOUT).retry(RetrySpec.none()))
                .build();
    }

    /** Never answers; fails each call with code timeout after {@code after}, on its own timer. */
    private static final class SilentTransport implements Transport {
        private final boolean timesOutCalls;
        private final Duration after;
        private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

        SilentTransport(boolean timesOutCalls, Duration after) {
            this.timesOutCalls = timesOutCalls;
            this.after = after;
        }

        @Override
        public Set<String> types() {
            return Set.of("silent");
        }

        @Override
        public boolean timesOutCalls() {
            return timesOutCalls;
        }

        @Override
        public CompletionStage<Object> call(ServiceCall call) {
            CompletableFuture<Object> stage = new CompletableFuture<>();
            timer.schedule(() -> stage.completeExceptionally(new MaestroException("timeout", "the transport's own timeout", true)),
                    after.toMillis(), TimeUnit.MILLISECONDS);
            return stage;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Long> delays = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toNanos(delay));
            return super.schedule(command, delay, unit);
        }
    }
}
