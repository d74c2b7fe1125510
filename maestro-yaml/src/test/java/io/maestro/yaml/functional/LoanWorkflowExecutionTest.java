package io.maestro.yaml.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.InMemoryTransport;
import io.maestro.yaml.LoanWorkflows;
import io.maestro.yaml.YamlWorkflows;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's loan YAML, unchanged, runs on the in-memory transport with its three outcomes. */
class LoanWorkflowExecutionTest {

    private static final Map<String, Object> APPLICATION = Map.of("applicant_id", "A-17", "amount", 25_000);

    private final Workflow loan = YamlWorkflows.load(LoanWorkflows.YAML);

    private InMemoryTransport services(int score, String fraudLevel) {
        return new InMemoryTransport()
                .handle("kyc_service", "VerifyIdentity", call -> Map.of("verified", true))
                .handle("credit_bureau", "GetCreditScore", call -> Map.of("value", score))
                .handle("employer_api", "VerifyIncome", call -> Map.of("monthly", 5200))
                .handle("fraud_detection", "AnalyzeRisk", call -> Map.of("level", fraudLevel))
                .handle("loan_service", "AutoApprove", call -> Map.of(
                        "status", "approved", "loan_id", "L-1", "terms", "36 months", "interest_rate", 3.5))
                .handle("loan_service", "CancelApproval", call -> Map.of("cancelled", true))
                .handle("loan_service", "RejectApplication", call -> Map.of("status", "rejected"))
                .handle("review_queue", "CreateReviewTask", call -> Map.of("task_id", "T-9"))
                .handle("document_service", "GenerateContract", call -> Map.of("contract_id", "C-3"));
    }

    private ExecutionResult run(InMemoryTransport services) {
        try (Orchestrator orchestrator = Orchestrator.builder().transport(services).build()) {
            return orchestrator.run(loan, APPLICATION);
        }
    }

    @Test
    void goodScoreAndLowRiskAutoApprovesAndGeneratesTheContract() {
        InMemoryTransport services = services(750, "low");

        ExecutionResult r = run(services);

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "verify_identity")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "credit_check")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "income_verification")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "fraud_check")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.COMPLETED);
        assertThat(services.calls("kyc_service", "VerifyIdentity")).singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo(APPLICATION));
        assertThat(services.calls("document_service", "GenerateContract")).singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo(Map.of("terms", "36 months", "rate", 3.5)));
        assertThat(services.calls("review_queue", "CreateReviewTask")).isEmpty();
        assertThat(services.calls("loan_service", "RejectApplication")).isEmpty();
        assertThat(services.calls("loan_service", "CancelApproval")).isEmpty();
    }

    @Test
    void middleScoreWithHighFraudRiskCreatesAnUrgentReviewTask() {
        InMemoryTransport services = services(650, "high");

        ExecutionResult r = run(services);

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.SKIPPED);
        assertThat(services.calls("review_queue", "CreateReviewTask")).singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo(Map.of("priority", "urgent")));
        assertThat(services.calls("loan_service", "AutoApprove")).isEmpty();
        assertThat(services.calls("document_service", "GenerateContract")).isEmpty();
    }

    @Test
    void middleScoreWithLowFraudRiskCreatesANormalReviewTask() {
        InMemoryTransport services = services(650, "low");

        ExecutionResult r = run(services);

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.COMPLETED);
        assertThat(services.calls("review_queue", "CreateReviewTask")).singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo(Map.of("priority", "normal")));
    }

    @Test
    void lowScoreRejectsTheApplication() {
        InMemoryTransport services = services(550, "low");

        ExecutionResult r = run(services);

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.SKIPPED);
        assertThat(services.calls("loan_service", "RejectApplication")).singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo(APPLICATION));
        assertThat(services.calls("loan_service", "AutoApprove")).isEmpty();
        assertThat(services.calls("review_queue", "CreateReviewTask")).isEmpty();
    }

    private static StepStatus status(ExecutionResult r, String stepId) {
        return r.step(stepId).orElseThrow(() -> new AssertionError("no step " + stepId + " in " + r.steps())).status();
    }
}
