package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.model.Workflow;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.ForwardingStateStore;
import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.StubServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MaestroExtension.class)
class LeaseRenewalTest {

    /** Regression: a renewal that found the execution already ended used to fail it as "lease lost". */
    @Test
    void aRenewalThatFindsTheExecutionEndedDoesNotFailIt(StubServices services) {
        services.stub("svc", "Do").returns(Map.of());
        CompletableFuture<Void> renewedAfterEnd = new CompletableFuture<>();
        ForwardingStateStore store = new ForwardingStateStore(new InMemoryStateStore()) {
            private volatile boolean ended;

            @Override
            public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
                CompletionStage<Void> written = super.append(lease, entries);
                if (entries.stream().anyMatch(e -> e.type() == EntryType.EXECUTION_ENDED)) {
                    ended = true;
                    // The end is durable, but its write completes only after a renewal has seen it.
                    return written.thenCompose(v -> renewedAfterEnd);
                }
                return written;
            }

            @Override
            public CompletionStage<Boolean> renew(Lease lease, Duration ttl) {
                CompletionStage<Boolean> renewed = super.renew(lease, ttl);
                if (ended) {
                    // Let the orchestrator see this renewal's answer (false: the execution ended) first.
                    CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> renewedAfterEnd.complete(null));
                }
                return renewed;
            }
        };
        Workflow w = Workflow.named("w").version("1").step("a", s -> s.call("svc", "Do")).build();
        try (Orchestrator o = services.orchestratorBuilder().stateStore(store).leaseTtl(Duration.ofMillis(30)).build()) {
            ExecutionResult r = o.start(w, Map.of(), "renewed").toCompletableFuture().join();
            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(renewedAfterEnd).isDone();
        }
    }
}
