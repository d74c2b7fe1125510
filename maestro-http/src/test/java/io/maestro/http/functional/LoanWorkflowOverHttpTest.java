package io.maestro.http.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.http.HttpService;
import io.maestro.http.LoopbackServer;
import io.maestro.http.LoopbackServer.Received;
import io.maestro.http.LoopbackServer.Reply;
import io.maestro.model.Workflow;
import io.maestro.testing.SeedWorkflows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's loan workflow (maestro-go README), every service served over HTTP by a loopback
 * server, each under its own base path: the three outcomes.
 */
class LoanWorkflowOverHttpTest {

    static final Workflow LOAN = SeedWorkflows.loan();

    private static final List<String> SERVICES = List.of(
            "kyc_service", "credit_bureau", "employer_api", "fraud_detection", "loan_service", "review_queue", "document_service");

    private LoopbackServer server;
    private Orchestrator orchestrator;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        var builder = Orchestrator.builder();
        for (String service : SERVICES) {
            builder.service(service, HttpService.of(server.url() + "/" + service));
        }
        orchestrator = builder.build();
        server.on("POST /kyc_service/VerifyIdentity", Reply.json(200, "{\"verified\": true, \"name\": \"Ada\"}"));
        server.on("POST /employer_api/VerifyIncome", Reply.json(200, "{\"annual\": 85000.50, \"currency\": \"EUR\"}"));
        server.on("POST /loan_service/AutoApprove", Reply.json(200,
                "{\"status\": \"approved\", \"loan_id\": \"L-1\", \"terms\": \"36 months\", \"interest_rate\": 4.25}"));
        server.on("POST /loan_service/RejectApplication", Reply.json(200, "{\"status\": \"rejected\"}"));
        server.on("POST /review_queue/CreateReviewTask", Reply.json(201, "{\"task_id\": \"T-9\"}"));
        server.on("POST /document_service/GenerateContract", Reply.json(200, "{\"contract_id\": \"C-3\"}"));
    }

    @AfterEach
    void stop() {
        orchestrator.close();
        server.close();
    }

    private ExecutionResult run(int score, String fraudLevel) {
        server.on("POST /credit_bureau/GetCreditScore", Reply.json(200, "{\"value\": " + score + "}"));
        server.on("POST /fraud_detection/AnalyzeRisk", Reply.json(200, "{\"level\": \"" + fraudLevel + "\"}"));
        return orchestrator.run(LOAN, Map.of("applicant_id", "A-17", "amount", 25000));
    }

    @Test
    void aGoodScoreWithLowFraudRiskIsApprovedAndGetsAContract() {
        ExecutionResult r = run(750, "low");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.SKIPPED);
        assertThat(r.step("generate_contract").orElseThrow().output()).isEqualTo(Map.of("contract_id", "C-3"));
        assertThat(json("/document_service/GenerateContract")).isEqualTo(Map.of("terms", "36 months", "rate", 4.25));
        assertThat(json("/credit_bureau/GetCreditScore")).isEqualTo(Map.of("applicant_id", "A-17", "amount", 25000));
        assertThat(server.requests("/loan_service/CancelApproval")).isEmpty();
    }

    @Test
    void aMiddlingScoreGoesToManualReviewUrgentWhenFraudRiskIsHigh() {
        ExecutionResult r = run(650, "high");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.SKIPPED);
        assertThat(body("/review_queue/CreateReviewTask")).isEqualTo("{\"priority\":\"urgent\"}");
        assertThat(r.step("manual_review").orElseThrow().output()).isEqualTo(Map.of("task_id", "T-9"));
    }

    @Test
    void aMiddlingScoreGoesToManualReviewNormalWhenFraudRiskIsLow() {
        ExecutionResult r = run(650, "low");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.COMPLETED);
        assertThat(body("/review_queue/CreateReviewTask")).isEqualTo("{\"priority\":\"normal\"}");
    }

    @Test
    void aPoorScoreIsRejected() {
        ExecutionResult r = run(550, "low");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.SKIPPED);
        assertThat(r.step("reject").orElseThrow().output()).isEqualTo(Map.of("status", "rejected"));
        assertThat(server.requests()).extracting(Received::rawPath).doesNotContain("/loan_service/AutoApprove");
    }

    @Test
    void everyCallCarriesItsStepsIdempotencyKey() {
        ExecutionResult r = run(750, "low");

        for (Received q : server.requests()) {
            String step = q.header("X-Maestro-Step-Id");
            assertThat(q.header("Idempotency-Key")).isEqualTo(r.executionId() + ":" + step);
        }
        assertThat(server.requests()).extracting(q -> q.header("X-Maestro-Step-Id")).containsExactlyInAnyOrder(
                "verify_identity", "credit_check", "income_verification", "fraud_check", "auto_approve", "generate_contract");
    }

    @Test
    void aFailureAfterApprovalCompensatesOverHttp() {
        server.on("POST /document_service/GenerateContract", Reply.json(422, "{\"error\":\"terms unsupported\"}"));
        server.on("POST /loan_service/CancelApproval", Reply.status(204));

        ExecutionResult r = run(750, "low");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.COMPENSATED);
        Received cancel = server.requests("/loan_service/CancelApproval").get(0);
        assertThat(cancel.bodyText()).isEqualTo("{\"loan_id\":\"L-1\"}");
        assertThat(cancel.header("Idempotency-Key")).isEqualTo(r.executionId() + ":auto_approve:compensate");
    }

    private static StepStatus status(ExecutionResult r, String step) {
        return r.step(step).orElseThrow().status();
    }

    private Object json(String path) {
        try {
            return new ObjectMapper().readValue(body(path), Object.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String body(String path) {
        List<Received> requests = server.requests(path);
        assertThat(requests).as("requests to %s", path).hasSize(1);
        return requests.get(0).bodyText();
    }
}
