package io.maestro.yaml;

import io.maestro.model.Workflow;
import java.nio.file.Path;
import java.util.Map;

/** The seed's loan workflow: its YAML file (byte for byte from the seed) and the same in the DSL. */
public final class LoanWorkflows {

    public static final Path YAML = Path.of("src/test/resources/workflows/loan_processing.yaml");

    private LoanWorkflows() {
    }

    public static Workflow dsl() {
        return Workflow.named("loan_processing").version("1.0")
                .step("verify_identity", s -> s.call("kyc_service", "VerifyIdentity").output("identity"))
                .parallel(p -> p
                        .step("credit_check", s -> s.call("credit_bureau", "GetCreditScore").output("credit_score"))
                        .step("income_verification", s -> s.call("employer_api", "VerifyIncome").output("income"))
                        .step("fraud_check", s -> s.call("fraud_detection", "AnalyzeRisk").output("fraud_risk")))
                .step("auto_approve", s -> s
                        .when("{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}")
                        .call("loan_service", "AutoApprove")
                        .output("approval")
                        .compensate(c -> c.method("CancelApproval").input(Map.of("loan_id", "{{ .approval.loan_id }}"))))
                .step("manual_review", s -> s
                        .when("{{ .credit_score.value > 600 && .credit_score.value <= 700 }}")
                        .call("review_queue", "CreateReviewTask")
                        .input(Map.of("priority", "{{ .fraud_risk.level == 'high' ? 'urgent' : 'normal' }}"))
                        .output("review_task"))
                .step("reject", s -> s
                        .when("{{ .credit_score.value <= 600 }}")
                        .call("loan_service", "RejectApplication")
                        .output("rejection"))
                .step("generate_contract", s -> s
                        .when("{{ .approval.status == 'approved' }}")
                        .call("document_service", "GenerateContract")
                        .input(Map.of("terms", "{{ .approval.terms }}", "rate", "{{ .approval.interest_rate }}"))
                        .output("contract"))
                .build();
    }
}
