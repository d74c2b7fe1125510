package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.SeedWorkflows;
import io.maestro.testing.StubServices;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MaestroExtension.class)
class LoanWorkflowTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static void stubLoanServices(StubServices services, int score, String fraudLevel) {
        services.stub("kyc_service", "VerifyIdentity").returns(Map.of("verified", true));
        services.stub("credit_bureau", "GetCreditScore").returns(Map.of("value", score));
        services.stub("employer_api", "VerifyIncome").returns(Map.of("annual", 85000));
        services.stub("fraud_detection", "AnalyzeRisk").returns(Map.of("level", fraudLevel));
        services.stub("loan_service", "AutoApprove").returns(Map.of("status", "approved", "loan_id", "L-1",
                "terms", "36 months", "interest_rate", 4.5));
        services.stub("loan_service", "RejectApplication").returns(Map.of("status", "rejected"));
        services.stub("loan_service", "CancelApproval").returns(Map.of("cancelled", true));
        services.stub("review_queue", "CreateReviewTask").returns(Map.of("task_id", "T-9"));
        services.stub("document_service", "GenerateContract").returns(Map.of("contract_id", "C-3"));
    }

    @Test
    void highScoreAndLowRiskIsApprovedAndGetsAContract(StubServices services) {
        stubLoanServices(services, 750, "low");
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(SeedWorkflows.loan(), Map.of("applicant_id", "A-17"));

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(r.step("auto_approve").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(r.step("generate_contract").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(r.step("manual_review").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(r.step("reject").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(services.inputs("document_service", "GenerateContract"))
                    .containsExactly(Map.of("terms", "36 months", "rate", 4.5));
            // Steps without an input receive the workflow input as it is.
            assertThat(services.inputs("kyc_service", "VerifyIdentity")).containsExactly(Map.of("applicant_id", "A-17"));
            assertThat(services.calls("review_queue", "CreateReviewTask")).isEmpty();
            assertThat(services.calls("loan_service", "CancelApproval")).isEmpty();
            assertThat(asMap(r.output())).containsEntry("contract", Map.of("contract_id", "C-3"))
                    .containsKeys("identity", "credit_score", "income", "fraud_risk", "approval")
                    .doesNotContainKeys("input", "execution");
        }
    }

    @Test
    void middleScoreWithHighRiskGoesToUrgentManualReview(StubServices services) {
        stubLoanServices(services, 650, "high");
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(SeedWorkflows.loan(), Map.of("applicant_id", "A-18"));

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(r.step("manual_review").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(r.step("auto_approve").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(r.step("generate_contract").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(r.step("reject").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(services.inputs("review_queue", "CreateReviewTask")).containsExactly(Map.of("priority", "urgent"));
        }
    }

    @Test
    void middleScoreWithLowRiskGoesToNormalManualReview(StubServices services) {
        stubLoanServices(services, 650, "low");
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(SeedWorkflows.loan(), Map.of("applicant_id", "A-19"));

            assertThat(r.step("manual_review").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(services.inputs("review_queue", "CreateReviewTask")).containsExactly(Map.of("priority", "normal"));
        }
    }

    @Test
    void lowScoreIsRejected(StubServices services) {
        stubLoanServices(services, 550, "low");
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(SeedWorkflows.loan(), Map.of("applicant_id", "A-20"));

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(r.step("reject").orElseThrow().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(r.step("auto_approve").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(r.step("manual_review").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(r.step("generate_contract").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(services.calls("loan_service", "AutoApprove")).isEmpty();
            assertThat(services.calls("loan_service", "RejectApplication")).hasSize(1);
        }
    }
}
