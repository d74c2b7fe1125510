package io.maestro.yaml;

import io.maestro.model.CircuitBreakerSpec;
import io.maestro.model.OnFailure;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A workflow that uses every field of the language, as YAML and in the DSL. */
final class EveryFieldWorkflows {

    static final Path YAML = Path.of("src/test/resources/workflows/every_field.yaml");

    private EveryFieldWorkflows() {
    }

    static Workflow dsl() {
        Map<String, Object> reserveInput = new LinkedHashMap<>();
        reserveInput.put("order_id", "{{ .input.order_id }}");
        reserveInput.put("items", "{{ .input.items }}");
        reserveInput.put("rush", false);
        reserveInput.put("note", "order {{ .input.order_id }} for {{ upper(.input.customer) }}");
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("reservation", "{{ .reservation.id }}");
        output.put("payment", "{{ .payment }}");
        output.put("summary", "order {{ .input.order_id }} shipped");
        return Workflow.named("order_fulfilment").version("2.3")
                .description("Reserve stock, charge the card and ship, undoing what was done on failure.")
                .timeout(Duration.ofMinutes(5))
                .defaultTimeout(Duration.ofSeconds(10))
                .defaultRetry(new RetrySpec(4, Duration.ofMillis(200), Duration.ofSeconds(5), 1.5, 0.1, List.of("retryable", "http_409")))
                .service("inventory", ServiceBinding.of("http", "http://localhost:8081")
                        .withHeader("X-Client", "maestro")
                        .withTimeout(Duration.ofSeconds(2))
                        .withRetry(RetrySpec.DEFAULT.withMaxAttempts(5))
                        .withCircuitBreaker(CircuitBreakerSpec.failureRate(50, 20, Duration.ofSeconds(30)).withHalfOpenCalls(3))
                        .withOption("max_response_size", 2 * 1024 * 1024))
                .service("payments", ServiceBinding.of("grpc", "localhost:50051")
                        .withOption("plaintext", true)
                        .withOption("service", "payments.v1.Payments")
                        .withOption("descriptor_set", "payments.pb")
                        .withOption("metadata", Map.of("x-tenant", "acme"))
                        .withOption("max_message_size", 4 * 1024 * 1024)
                        .withCircuitBreaker(CircuitBreakerSpec.consecutiveFailures(5, Duration.ofMinutes(1))))
                .service("notifier", ServiceBinding.local())
                .step("reserve_stock", s -> s.call("inventory", "POST /reservations/{order_id}")
                        .input(reserveInput)
                        .output("reservation")
                        .timeout(Duration.ofSeconds(3))
                        .retry(RetrySpec.none())
                        .compensate(c -> c.method("DELETE /reservations/{id}")
                                .input(Map.of("id", "{{ .reservation.id }}"))
                                .retry(new RetrySpec(8, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0.2, List.of()))
                                .timeout(Duration.ofSeconds(5))))
                .parallel(p -> p
                        .step("charge_card", s -> s.call("payments", "Charge")
                                .input(Map.of("amount", "{{ .input.amount }}", "currency", "EUR"))
                                .output("payment")
                                .idempotent(false)
                                .compensate(c -> c.service("payments").method("Refund").input(Map.of("payment_id", "{{ .payment.id }}"))))
                        .sequence(q -> q
                                .step("pick", s -> s.call("inventory", "Pick"))
                                .step("pack", s -> s.call("inventory", "Pack").when("{{ .pick.ok }}")))
                        .parallel(n -> n
                                .step("notify_customer", s -> s.call("notifier", "Email").onFailure(OnFailure.CONTINUE))
                                .step("notify_warehouse", s -> s.call("notifier", "Slack").onFailure(OnFailure.FAIL))
                                .failFast(false))
                        .failFast(true))
                .step("ship", s -> s.when("{{ .payment.status == 'captured' && len(.input.items) > 0 }}").call("inventory", "Ship"))
                .output(output)
                .build();
    }
}
