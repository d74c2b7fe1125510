package io.maestro.http.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepResult;
import io.maestro.StepStatus;
import io.maestro.http.HttpService;
import io.maestro.http.LoopbackServer;
import io.maestro.http.LoopbackServer.Received;
import io.maestro.http.LoopbackServer.Reply;
import io.maestro.model.RetrySpec;
import io.maestro.model.Workflow;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's retries on top of the HTTP transport, found with ServiceLoader. */
class HttpRetriesTest {

    private static final Workflow SCORE = Workflow.named("score").version("1")
            .step("credit_check", s -> s.call("credit_bureau", "GET /scores/{id}").output("score"))
            .build();

    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private LoopbackServer server;
    private Orchestrator orchestrator;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        orchestrator = orchestrator(HttpService.of(server.url()));
    }

    @AfterEach
    void stop() {
        orchestrator.close();
        server.close();
    }

    private static Orchestrator orchestrator(io.maestro.model.ServiceBinding creditBureau) {
        return Orchestrator.builder()
                .service("credit_bureau", creditBureau)
                .defaults(d -> d.retry(RetrySpec.exponential(3, Duration.ofMillis(20), Duration.ofSeconds(5)).withJitter(0)))
                .build();
    }

    private LoopbackServer.Responder answers(Reply... replies) {
        return (request, count) -> {
            arrivals.add(System.nanoTime());
            return replies[Math.min(count, replies.length) - 1];
        };
    }

    @Test
    void aClientErrorIsNotRetried() {
        server.on("GET /scores/7", answers(Reply.json(400, "{\"error\":\"bad id\"}")));

        ExecutionResult r = orchestrator.run(SCORE, Map.of("id", 7));

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        StepResult step = r.step("credit_check").orElseThrow();
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
        assertThat(step.attempts()).isEqualTo(1);
        assertThat(step.error().code()).isEqualTo("http_400");
        assertThat(step.error().message()).contains("bad id");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aServiceUnavailableAnswerIsRetried() {
        server.on("GET /scores/7", answers(Reply.status(503), Reply.json(200, "{\"value\":720}")));

        ExecutionResult r = orchestrator.run(SCORE, Map.of("id", 7));

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(r.step("credit_check").orElseThrow().attempts()).isEqualTo(2);
        assertThat(r.step("credit_check").orElseThrow().output()).isEqualTo(Map.of("value", 720));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void retriesCarryTheSameIdempotencyKeyAndCountAttempts() {
        server.on("GET /scores/7", answers(Reply.status(503), Reply.status(500), Reply.json(200, "{\"value\":720}")));

        ExecutionResult r = orchestrator.run(SCORE, Map.of("id", 7));

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        List<Received> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(q -> q.header("Idempotency-Key")).containsOnly(r.executionId() + ":credit_check");
        assertThat(requests).extracting(q -> q.header("X-Maestro-Execution-Id")).containsOnly(r.executionId());
        assertThat(requests).extracting(q -> q.header("X-Maestro-Step-Id")).containsOnly("credit_check");
        assertThat(requests).extracting(q -> q.header("X-Maestro-Attempt")).containsExactly("1", "2", "3");
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheRetryAfterHint() {
        server.on("GET /scores/7", answers(Reply.json(429, "{}").header("Retry-After", "1"), Reply.json(200, "{\"value\":720}")));

        ExecutionResult r = orchestrator.run(SCORE, Map.of("id", 7));

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(arrivals).hasSize(2);
        long gapMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        assertThat(gapMillis).as("the retry waited for the hint, not the 20 ms backoff").isBetween(950L, 5000L);
    }

    @Test
    void aRefusedConnectionIsRetriedThenFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Orchestrator closedPort = orchestrator(HttpService.of("http://127.0.0.1:" + port))) {
            ExecutionResult r = closedPort.run(SCORE, Map.of("id", 7));

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            StepResult step = r.step("credit_check").orElseThrow();
            assertThat(step.attempts()).isEqualTo(3);
            assertThat(step.error().code()).isEqualTo("connection");
            assertThat(step.error().retryable()).isTrue();
        }
    }

    @Test
    void aServiceThatNeverAnswersFailsTheAttemptAtItsTimeout() {
        server.on("GET /scores/7", answers(Reply.never()));
        Workflow slow = Workflow.named("slow").version("1")
                .step("credit_check", s -> s.call("credit_bureau", "GET /scores/{id}").timeout(Duration.ofMillis(300)).retry(RetrySpec.none()))
                .build();

        long start = System.nanoTime();
        ExecutionResult r = orchestrator.run(slow, Map.of("id", 7));

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.step("credit_check").orElseThrow().error().code()).isEqualTo("timeout");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
    }

    @Test
    void aNotFoundFailsAtOnceWithTheStatusInTheError() {
        ExecutionResult r = orchestrator.run(SCORE, Map.of("id", "missing"));

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.step("credit_check").orElseThrow().error().code()).isEqualTo("http_404");
        assertThat(server.requests()).hasSize(1);
    }
}
