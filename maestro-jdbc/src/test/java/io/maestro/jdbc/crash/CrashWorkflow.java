package io.maestro.jdbc.crash;

import io.maestro.Orchestrator;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.state.StateStore;
import java.time.Duration;
import java.util.Map;

/** The workflow the crash tests run, and the orchestrator both the child and the test build. */
final class CrashWorkflow {

    static final Duration LEASE = Duration.ofSeconds(1);

    private CrashWorkflow() {
    }

    /** a → (b ∥ c) → d; a and b compensable. With {@code failing}, d fails for good and the saga runs. */
    static Workflow workflow(boolean failing) {
        return Workflow.named("crash_" + (failing ? "saga" : "happy")).version("1")
                .defaultRetry(RetrySpec.exponential(3, Duration.ofMillis(20), Duration.ofMillis(100)))
                .step("a", s -> s.call("svc", "A").input(Map.of("x", "{{ .input.x }}"))
                        .compensate(c -> c.method("UndoA").input(Map.of("value", "{{ .a.value }}"))))
                .parallel(p -> p
                        .step("b", s -> s.call("svc", "B").input(Map.of("from_a", "{{ .a.value }}"))
                                .compensate(c -> c.method("UndoB").input(Map.of("value", "{{ .b.value }}"))))
                        .step("c", s -> s.call("svc", "C").input(Map.of("x", "{{ .input.x }}"))))
                .step("d", s -> s.call("svc", failing ? "Fail" : "D").input(Map.of("b", "{{ .b.value }}", "c", "{{ .c.value }}")))
                .build();
    }

    static Orchestrator orchestrator(StateStore store, String ledgerUrl) {
        return builder(store, ledgerUrl, "-").build();
    }

    static io.maestro.OrchestratorBuilder builder(StateStore store, String ledgerUrl, String instance) {
        return Orchestrator.builder()
                .instanceId(instance.equals("-") ? "test-" + java.util.UUID.randomUUID() : instance)
                .stateStore(store)
                .transport(new LedgerTransport(ledgerUrl, instance))
                .service("svc", ServiceBinding.of("ledger", null))
                .leaseTtl(LEASE);
    }
}
