package io.maestro.examples;

import io.maestro.ExecutionResult;
import io.maestro.Orchestrator;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.state.ForwardingStateStore;
import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.transport.ServiceCall;
import io.maestro.spi.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maestro from plain Java: a workflow written with the DSL, a custom {@link Transport} (a
 * "text" service type that transforms strings, standing in for any protocol you need), and a
 * custom {@link io.maestro.spi.state.StateStore} (an audit log in front of the in-memory store). Run its
 * {@link #main} or read {@code CustomExtensionsExampleTest}.
 */
public final class CustomExtensionsExample {

    private CustomExtensionsExample() {
    }

    /** A transport for bindings of type {@code text}: methods {@code Upper}, {@code Reverse}. */
    public static final class TextTransport implements Transport {
        @Override
        public Set<String> types() {
            return Set.of("text");
        }

        @Override
        public CompletionStage<Object> call(ServiceCall call) {
            Object text = call.input() instanceof Map<?, ?> m ? m.get("text") : null;
            if (!(text instanceof String s)) {
                return CompletableFuture.failedFuture(new io.maestro.MaestroException("bad_request", "input needs a 'text' string", false));
            }
            return switch (call.method()) {
                case "Upper" -> CompletableFuture.completedFuture(Map.of("text", s.toUpperCase(Locale.ROOT)));
                case "Reverse" -> CompletableFuture.completedFuture(Map.of("text", new StringBuilder(s).reverse().toString()));
                default -> CompletableFuture.failedFuture(new io.maestro.MaestroException("not_found", "no method " + call.method(), false));
            };
        }
    }

    /** A store that records every journal entry it is asked to write, then delegates to the in-memory store. */
    public static final class AuditedStateStore extends ForwardingStateStore {
        private final List<String> audit = new CopyOnWriteArrayList<>();

        public AuditedStateStore() {
            super(new InMemoryStateStore());
        }

        public List<String> audit() {
            return audit;
        }

        private void log(List<JournalEntry> entries) {
            entries.forEach(e -> audit.add(e.sequence() + " " + e.type() + (e.stepId() == null ? "" : " " + e.stepId())));
        }

        @Override
        public CompletionStage<Optional<Lease>> create(String owner, Duration leaseTtl, List<JournalEntry> first) {
            log(first);
            return super.create(owner, leaseTtl, first);
        }

        @Override
        public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
            log(entries);
            return super.append(lease, entries);
        }
    }

    public static Workflow workflow() {
        return Workflow.named("shout_backwards").version("1")
                .step("upper", s -> s.call("texts", "Upper").input(Map.of("text", "{{ .input.text }}")))
                .parallel(p -> p
                        .step("reversed", s -> s.call("texts", "Reverse").input(Map.of("text", "{{ .upper.text }}")))
                        .step("length", s -> s.call("texts", "Upper").input(Map.of("text", "{{ string(len(.input.text)) }}"))))
                .output(Map.of("result", "{{ .reversed.text }}", "length", "{{ number(.length.text) }}"))
                .build();
    }

    /** Runs the workflow with both extensions and returns the result and the audit log. */
    public static ExecutionResult run(String text, AuditedStateStore store) {
        try (Orchestrator o = Orchestrator.builder()
                .transport(new TextTransport())
                .service("texts", ServiceBinding.of("text", null))
                .stateStore(store)
                .build()) {
            return o.run(workflow(), Map.of("text", text));
        }
    }

    public static void main(String[] args) {
        AuditedStateStore store = new AuditedStateStore();
        ExecutionResult r = run(args.length > 0 ? args[0] : "maestro", store);
        System.out.println(r.status() + " " + r.output());
        store.audit().forEach(line -> System.out.println("  journal: " + line));
    }
}
