package io.maestro.grpc.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepResult;
import io.maestro.grpc.GrpcFixture;
import io.maestro.grpc.GrpcService;
import io.maestro.grpc.demo.DemoServer;
import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.InMemoryTransport;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, deadlines and metadata of gRPC calls, through the orchestrator against a real server. */
class GrpcRetriesTest {

    private static final RetrySpec THREE_QUICK_ATTEMPTS = RetrySpec.exponential(3, Duration.ofMillis(10), Duration.ofMillis(50));

    private GrpcFixture services;

    @BeforeEach
    void start() {
        services = GrpcFixture.start();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    private ExecutionResult run(ServiceBinding binding, Map<String, Object> behaviour, Duration timeout) {
        Workflow w = Workflow.named("behave").version("1")
                .step("misbehave", s -> {
                    s.call("echo_service", "Behave").input(behaviour).output("reply").retry(THREE_QUICK_ATTEMPTS);
                    if (timeout != null) {
                        s.timeout(timeout);
                    }
                })
                .build();
        try (Orchestrator o = Orchestrator.builder().service("echo_service", binding).build()) {
            return o.run(w, Map.of());
        }
    }

    private ServiceBinding echo() {
        return GrpcService.builder(services.server.endpoint()).plaintext().service("maestro.test.v1.EchoService")
                .metadata("x-client", "maestro-tests").build();
    }

    @Test
    void unavailableIsRetriedThenSucceeds() {
        ExecutionResult r = run(echo(), Map.of("fail_with", "UNAVAILABLE", "fail_times", 2), null);

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        StepResult step = r.step("misbehave").orElseThrow();
        assertThat(step.attempts()).isEqualTo(3);
        assertThat(step.output()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("calls", 3);
    }

    @Test
    void invalidArgumentIsNotRetried() {
        ExecutionResult r = run(echo(), Map.of("fail_with", "INVALID_ARGUMENT", "description", "amount must be positive"), null);

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.step("misbehave").orElseThrow().attempts()).isEqualTo(1);
        assertThat(r.error().code()).isEqualTo("grpc_INVALID_ARGUMENT");
        assertThat(r.error().retryable()).isFalse();
        assertThat(r.error().message()).contains("amount must be positive");
        assertThat(services.recorder.calls("maestro.test.v1.EchoService/Behave")).hasSize(1);
    }

    @Test
    void aSlowServerHitsTheStepTimeoutOnEveryAttempt() {
        long start = System.nanoTime();

        ExecutionResult r = run(echo(), Map.of("delay_ms", 5_000), Duration.ofMillis(200));

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.step("misbehave").orElseThrow().attempts()).isEqualTo(3);
        // the engine's timer and the gRPC deadline expire together; either may report it
        assertThat(r.error().code()).isIn("timeout", "grpc_DEADLINE_EXCEEDED");
        assertThat(r.error().retryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aServerThatIsDownIsRetriedAsUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        ExecutionResult r = run(GrpcService.builder("127.0.0.1:" + port).plaintext().build(), Map.of(), null);

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.step("misbehave").orElseThrow().attempts()).isEqualTo(3);
        assertThat(r.error().code()).isEqualTo("grpc_UNAVAILABLE");
        assertThat(r.error().retryable()).isTrue();
    }

    @Test
    void aServerThatComesUpIsReachedOnTheNextCall() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServiceBinding binding = GrpcService.builder("127.0.0.1:" + port).plaintext().build();
        Workflow w = Workflow.named("kyc").version("1")
                .step("verify", s -> s.call("kyc_service", "VerifyIdentity").retry(RetrySpec.none()))
                .build();

        try (Orchestrator o = Orchestrator.builder().service("kyc_service", binding).build()) {
            assertThat(o.run(w, Map.of("applicant_id", "A-1")).error().code()).isEqualTo("grpc_UNAVAILABLE");
            try (DemoServer late = DemoServer.loan(port)) {
                assertThat(late.port()).isEqualTo(port);
                ExecutionResult r = o.run(w, Map.of("applicant_id", "A-1"));
                assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
            }
        }
    }

    @Test
    void everyAttemptCarriesMaestrosMetadataWithAStableIdempotencyKey() {
        ServiceBinding binding = echo().withHeader("X-Tenant", "acme");

        ExecutionResult r = run(binding, Map.of("fail_with", "ABORTED", "fail_times", 2), null);

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        var calls = services.recorder.calls("maestro.test.v1.EchoService/Behave");
        assertThat(calls).hasSize(3);
        String key = r.executionId() + ":misbehave";
        for (int i = 0; i < 3; i++) {
            assertThat(calls.get(i).metadata())
                    .containsEntry("idempotency-key", key)
                    .containsEntry("maestro-execution-id", r.executionId())
                    .containsEntry("maestro-step-id", "misbehave")
                    .containsEntry("maestro-attempt", String.valueOf(i + 1))
                    .containsEntry("x-client", "maestro-tests")
                    .containsEntry("x-tenant", "acme")
                    .containsKey("grpc-timeout");
        }
        assertThat(calls.stream().map(c -> c.metadata().get("idempotency-key")).distinct().toList()).isEqualTo(List.of(key));
    }

    @Test
    void compensationsCarryTheirOwnIdempotencyKey() {
        ServiceBinding loans = GrpcService.builder(services.server.endpoint()).plaintext().build();
        Workflow w = Workflow.named("approve_then_fail").version("1")
                .step("approve", s -> s.call("loan_service", "AutoApprove").output("approval")
                        .compensate(c -> c.method("CancelApproval").input(Map.of("loan_id", "{{ .approval.loan_id }}"))))
                .step("explode", s -> s.call("local", "Explode").retry(RetrySpec.none()))
                .build();
        InMemoryTransport local = new InMemoryTransport().handle("local", "Explode", call -> {
            throw new io.maestro.MaestroException("boom", "no", false);
        });

        ExecutionResult r;
        try (Orchestrator o = Orchestrator.builder().service("loan_service", loans).transport(local).build()) {
            r = o.run(w, Map.of("applicant_id", "A-1", "amount", 10));
        }

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(services.loans.cancelled()).containsExactly("L-1");
        assertThat(services.recorder.calls("loan.v1.LoanService/CancelApproval").get(0).metadata())
                .containsEntry("idempotency-key", r.executionId() + ":approve:compensate");
    }
}
