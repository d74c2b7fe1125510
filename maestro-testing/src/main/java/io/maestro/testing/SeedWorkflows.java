package io.maestro.testing;

import io.maestro.model.Workflow;
import java.util.Map;

/**
 * The loan-processing workflow of Maestro's seed description, written with the Java DSL: the
 * same model {@code YamlWorkflows.load} produces from its YAML. A fixture for tests of
 * transports, stores and tools.
 */
public final class SeedWorkflows {

    private SeedWorkflows() {
    }

    /** KYC, then credit / income / fraud checks in parallel, then approve, review or reject, then a contract. */
    public static Workflow loan() {
        return Workflow.named("loan_processing").version("1.0")
                .step("verify_identity", s -> s.call("kyc_service", "VerifyIdentity").output("identity"))
                .parallel(p -> p
                        .step("credit_check", s -> s.call("credit_bureau", "GetCreditScore").output("credit_score"))
                        .step("income_verification", s -> s.call("employer_api", "VerifyIncome").output("income"))
                        .step("fraud_check", s -> s.call("fraud_detection", "AnalyzeRisk").output("fraud_risk")))
                .step("auto_approve", s -> s
                        .when("{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}")
                        .call("loan_service", "AutoApprove").output("approval")
                        .compensate(c -> c.method("CancelApproval").input(Map.of("loan_id", "{{ .approval.loan_id }}"))))
                .step("manual_review", s -> s
                        .when("{{ .credit_score.value > 600 && .credit_score.value <= 700 }}")
                        .call("review_queue", "CreateReviewTask")
                        .input(Map.of("priority", "{{ .fraud_risk.level == 'high' ? 'urgent' : 'normal' }}"))
                        .output("review_task"))
                .step("reject", s -> s
                        .when("{{ .credit_score.value <= 600 }}")
                        .call("loan_service", "RejectApplication").output("rejection"))
                .step("generate_contract", s -> s
                        .when("{{ .approval.status == 'approved' }}")
                        .call("document_service", "GenerateContract")
                        .input(Map.of("terms", "{{ .approval.terms }}", "rate", "{{ .approval.interest_rate }}"))
                        .output("contract"))
                .build();
    }
}
