package io.maestro.examples;

import io.maestro.MaestroException;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.InMemoryTransport;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's loan-processing workflow (Java DSL) and in-process demo services for it. The
 * credit bureau scores applicants by id: {@code A-750} scores 750 and so on; an applicant id
 * ending in {@code -nocontract} makes contract generation fail permanently, so the approval is
 * compensated.
 */
public final class LoanExample {

    private LoanExample() {
    }

    public static Workflow workflow() {
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

    /** In-process implementations of the six services the workflow names. */
    public static InMemoryTransport services() {
        AtomicInteger loans = new AtomicInteger();
        return new InMemoryTransport()
                .handle("kyc_service", "VerifyIdentity", call -> Map.of("verified", true, "applicant_id", applicant(call.input())))
                .handle("credit_bureau", "GetCreditScore", call -> Map.of("value", score(applicant(call.input()))))
                .handle("employer_api", "VerifyIncome", call -> Map.of("annual_income", 85_000, "employer", "ACME"))
                .handle("fraud_detection", "AnalyzeRisk", call -> Map.of("level", applicant(call.input()).contains("risky") ? "high" : "low"))
                .handle("loan_service", "AutoApprove", call -> Map.of("status", "approved", "loan_id", "L-" + loans.incrementAndGet(),
                        "terms", "36 months", "interest_rate", 4.9))
                .handle("loan_service", "CancelApproval", call -> Map.of("cancelled", ((Map<?, ?>) call.input()).get("loan_id")))
                .handle("loan_service", "RejectApplication", call -> Map.of("status", "rejected"))
                .handle("review_queue", "CreateReviewTask", call -> Map.of("task_id", "T-" + loans.incrementAndGet()))
                .handle("document_service", "GenerateContract", call -> {
                    throw new MaestroException("http_422", "document_service: template for these terms is missing", false);
                });
    }

    /** Like {@link #services()}, but contract generation works. */
    public static InMemoryTransport servicesWithContracts(boolean contractsWork) {
        InMemoryTransport t = services();
        if (contractsWork) {
            t.handle("document_service", "GenerateContract", call -> Map.of("contract_id", "C-" + System.nanoTime() % 10_000));
        }
        return t;
    }

    static String applicant(Object input) {
        Object id = input instanceof Map<?, ?> m ? m.get("applicant_id") : null;
        return id == null ? "" : id.toString();
    }

    static int score(String applicant) {
        String digits = applicant.replaceAll("^\\D*(\\d+).*$", "$1");
        return digits.matches("\\d+") ? Integer.parseInt(digits) : 500;
    }
}
