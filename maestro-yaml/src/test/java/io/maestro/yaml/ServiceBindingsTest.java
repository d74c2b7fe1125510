package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.CircuitBreakerSpec;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceBindingsTest {

    private static final Path FILE = Path.of("src/test/resources/bindings/services.yaml");
    private static final Path INLINE = Path.of("src/test/resources/workflows/inline_services.yaml");

    private static List<String> problems(String yaml) {
        return ServiceBindings.validate(yaml).stream().map(LocatedProblem::toString).toList();
    }

    @Test
    void bindingsFileLoadsEveryBindingType() {
        Map<String, ServiceBinding> bindings = ServiceBindings.load(FILE);

        assertThat(bindings).containsOnlyKeys("kyc_service", "credit_bureau", "scoring");
        assertThat(bindings.get("kyc_service")).isEqualTo(ServiceBinding.of("grpc", "localhost:50051")
                .withOption("plaintext", true).withOption("service", "kyc.v1.KycService"));
        assertThat(bindings.get("credit_bureau")).isEqualTo(ServiceBinding.of("http", "http://localhost:8081")
                .withHeader("X-Client", "maestro")
                .withTimeout(Duration.ofSeconds(2))
                .withRetry(RetrySpec.DEFAULT.withMaxAttempts(5))
                .withCircuitBreaker(CircuitBreakerSpec.failureRate(50, 10, Duration.ofSeconds(30)).withHalfOpenCalls(3)));
        assertThat(bindings.get("scoring")).isEqualTo(ServiceBinding.local());
    }

    @Test
    void bindingsFileWinsOverInlineBindingsPerServiceAndWhole() {
        Workflow w = YamlWorkflows.load(INLINE);
        Map<String, ServiceBinding> file = ServiceBindings.load(FILE);

        Map<String, ServiceBinding> effective = ServiceBindings.merge(w.services(), file);

        assertThat(effective.get("credit_bureau")).isEqualTo(file.get("credit_bureau"));
        assertThat(effective.get("credit_bureau").timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(effective.get("fraud_detection")).isEqualTo(ServiceBinding.of("http", "http://fraud.internal:8080"));
        assertThat(effective).containsOnlyKeys("credit_bureau", "fraud_detection", "kyc_service", "scoring");
        assertThat(ServiceBindings.applyTo(w, file).services()).isEqualTo(effective);
    }

    @Test
    void inlineServicesCountAsKnownWhenCheckingServiceNames() {
        assertThat(YamlWorkflows.validate(INLINE, Set.of())).isEmpty();
        assertThat(YamlWorkflows.validate(LoanWorkflows.YAML, ServiceBindings.load(FILE).keySet()))
                .extracting(LocatedProblem::message)
                .contains("step 'fraud_check', field 'service': unknown service 'fraud_detection'; bound services: [credit_bureau, kyc_service, scoring]");
    }

    @Test
    void unknownTypeIsRejectedWithTheClosestBuiltInType() {
        assertThat(problems("services:\n  a:\n    type: htpp\n    endpoint: \"http://x\"\n")).containsExactly(
                "<string>:3:11: unknown service type 'htpp' for service 'a' (did you mean 'http'?); built-in types: grpc, http, local"
                        + " (a custom transport's type must be lower-case letters, digits, '_' or '-')");
    }

    @Test
    void customTransportTypesKeepTheirExtraFieldsAsOptions() {
        Map<String, ServiceBinding> b = ServiceBindings.load("services:\n  events:\n    type: kafka\n    endpoint: \"broker:9092\"\n    topic: loans\n    acks: 1\n");

        assertThat(b.get("events")).isEqualTo(ServiceBinding.of("kafka", "broker:9092").withOption("topic", "loans").withOption("acks", 1));
    }

    @Test
    void missingEndpointIsRejectedForHttpAndGrpc() {
        assertThat(problems("services:\n  a:\n    type: http\n  b:\n    type: grpc\n    plaintext: true\n")).containsExactly(
                "<string>:3:5: a http service needs an 'endpoint', such as \"http://localhost:8081\" (service 'a')",
                "<string>:5:5: a grpc service needs an 'endpoint', such as \"localhost:50051\" (service 'b')");
    }

    @Test
    void missingTypeIsRejected() {
        assertThat(problems("services:\n  a:\n    endpoint: \"http://x\"\n"))
                .containsExactly("<string>:3:5: service 'a' needs a 'type': one of grpc, http, local");
    }

    @Test
    void fieldsOfAnotherTransportAreRejectedWithAHint() {
        assertThat(problems("services:\n  a:\n    type: grpc\n    endpoint: \"x:1\"\n    headers: { k: v }\n  b:\n    type: local\n    endpoint: x\n"))
                .containsExactly(
                        "<string>:5:5: unknown field 'headers' for a grpc service 'a' (gRPC bindings use 'metadata'); expected one of: type, endpoint, timeout,"
                                + " retry, circuit_breaker, plaintext, service, descriptor_set, metadata, max_message_size, ca_file, cert_file, key_file, authority, ignore_unknown_fields",
                        "<string>:8:5: unknown field 'endpoint' for a local service 'b' (a local service is served in-process); expected one of: type, timeout, retry, circuit_breaker");
    }

    @Test
    void badBindingFieldsAreEachReported() {
        String yaml = """
                services:
                  a:
                    type: http
                    endpoint: "localhost:8081"
                    timeout: 2 secs
                    max_response_size: lots
                    circuit_breaker: { failure_rate: 150, open_for: 0s, half_open_calls: 0 }
                  b:
                    type: grpc
                    endpoint: "x:1"
                    plaintext: "yes"
                    ca_file: ca.pem
                    cert_file: client.pem
                """;
        assertThat(problems(yaml)).containsExactly(
                "<string>:4:15: service 'a' endpoint must start with http:// or https://, got 'localhost:8081'",
                "<string>:5:14: service 'a' timeout: invalid duration '2 secs'; expected a number and a unit (250ms, 5s, 2m, 1h, or sums like 1m30s) or ISO-8601 (PT5S)",
                "<string>:6:24: service 'a' max_response_size must be a positive size such as 10MiB, 512KiB or a number of bytes, got 'lots'",
                "<string>:7:38: circuit_breaker failure_rate (a percentage) must be between 1 and 100, got 150",
                "<string>:7:53: circuit_breaker open_for must be positive",
                "<string>:7:74: circuit_breaker half_open_calls must be at least 1, got 0",
                "<string>:11:16: service 'b' plaintext must be true or false, got a string",
                "<string>:13:5: service 'b' needs both cert_file and key_file for a client certificate");
    }

    @Test
    void circuitBreakerNeedsOneTripRule() {
        assertThat(problems("services:\n  a:\n    type: local\n    circuit_breaker: { open_for: 10s }\n")).containsExactly(
                "<string>:4:22: service 'a' circuit_breaker needs failure_rate (percent of calls) or failure_threshold (consecutive failures)");
    }

    @Test
    void inlineBindingsAreValidatedLikeFileBindings() {
        String yaml = "name: w\nversion: '1'\nservices:\n  a: { type: http }\nsteps:\n  - {id: s, service: a, method: M}\n";

        assertThat(YamlWorkflows.validate(yaml)).extracting(LocatedProblem::toString)
                .containsExactly("<string>:4:6: a http service needs an 'endpoint', such as \"http://localhost:8081\" (service 'a')");
    }

    @Test
    void bindingsFileNeedsAServicesKey() {
        assertThat(problems("kyc: { type: local }\n"))
                .containsExactly("<string>:1:1: unknown field 'kyc' in a service bindings file; expected one of: services",
                        "<string>:1:1: a service bindings file needs a top-level 'services:' mapping");
        assertThatThrownBy(() -> ServiceBindings.load("{}\n")).isInstanceOf(WorkflowLoadException.class)
                .hasMessage("<string>:1:1: a service bindings file needs a top-level 'services:' mapping");
    }

    @Test
    void bindingsSurviveWriteThenLoad() {
        Map<String, ServiceBinding> b = ServiceBindings.load(FILE);

        assertThat(ServiceBindings.load(ServiceBindings.write(b))).isEqualTo(b);
    }
}
