package io.maestro.grpc.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.grpc.GrpcFixture;
import io.maestro.grpc.GrpcService;
import io.maestro.model.Workflow;
import io.maestro.testing.SeedWorkflows;
import io.maestro.spi.transport.InMemoryTransport;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's loan workflow (maestro-go README, unchanged) with KYC, fraud detection and the loan
 * service over gRPC on a real loopback server, and the other services in memory: the three
 * outcomes, and the saga compensating an approval over gRPC.
 */
class LoanWorkflowOverGrpcTest {

    static final Workflow LOAN = SeedWorkflows.loan();

    private GrpcFixture grpc;
    private InMemoryTransport local;
    private Orchestrator orchestrator;

    @BeforeEach
    void start() {
        grpc = GrpcFixture.start();
        local = new InMemoryTransport()
                .handle("employer_api", "VerifyIncome", call -> Map.of("annual_income", 85_000))
                .handle("review_queue", "CreateReviewTask", call -> Map.of("task_id", "T-9"))
                .handle("document_service", "GenerateContract", call -> Map.of("contract_id", "C-3"));
        // three styles of binding: reflection with a short name, reflection narrowed to a service, a descriptor set
        orchestrator = Orchestrator.builder()
                .service("kyc_service", GrpcService.builder(grpc.server.endpoint()).plaintext().build())
                .service("fraud_detection", GrpcService.builder(grpc.server.endpoint()).plaintext().service("fraud.v1.FraudDetection").build())
                .service("loan_service", GrpcService.builder(grpc.server.endpoint()).plaintext().descriptorSet(GrpcFixture.DESCRIPTOR_SET).build())
                .transport(local)
                .build();
    }

    @AfterEach
    void stop() {
        orchestrator.close();
        grpc.close();
    }

    private ExecutionResult run(int score, String applicant) {
        local.handle("credit_bureau", "GetCreditScore", call -> Map.of("value", score));
        return orchestrator.run(LOAN, Map.of("applicant_id", applicant, "amount", 25000));
    }

    private static StepStatus status(ExecutionResult r, String step) {
        return r.step(step).orElseThrow().status();
    }

    @Test
    void aGoodScoreWithLowFraudRiskIsApprovedOverGrpcAndGetsAContract() {
        ExecutionResult r = run(750, "A-17");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.SKIPPED);
        assertThat(r.step("verify_identity").orElseThrow().output()).asInstanceOf(MAP)
                .containsEntry("verified", true).containsEntry("applicant_id", "A-17").containsKey("verified_at");
        assertThat(r.step("fraud_check").orElseThrow().output()).asInstanceOf(MAP).containsEntry("level", "low");
        assertThat(r.step("auto_approve").orElseThrow().output())
                .isEqualTo(Map.of("status", "approved", "loan_id", "L-1", "terms", "36 months", "interest_rate", 4.9));
        assertThat(local.calls("document_service", "GenerateContract").get(0).input()).isEqualTo(Map.of("terms", "36 months", "rate", 4.9));
        assertThat(grpc.recorder.calls("loan.v1.LoanService/CancelApproval")).isEmpty();
    }

    @Test
    void aMiddlingScoreGoesToManualReviewUrgentWhenFraudRiskIsHigh() {
        ExecutionResult r = run(650, "A-18-risky");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.SKIPPED);
        assertThat(local.calls("review_queue", "CreateReviewTask").get(0).input()).isEqualTo(Map.of("priority", "urgent"));
    }

    @Test
    void aMiddlingScoreGoesToManualReviewNormalWhenFraudRiskIsLow() {
        ExecutionResult r = run(650, "A-19");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.COMPLETED);
        assertThat(local.calls("review_queue", "CreateReviewTask").get(0).input()).isEqualTo(Map.of("priority", "normal"));
    }

    @Test
    void aPoorScoreIsRejectedOverGrpc() {
        ExecutionResult r = run(550, "A-20");

        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(status(r, "reject")).isEqualTo(StepStatus.COMPLETED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "manual_review")).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(r, "generate_contract")).isEqualTo(StepStatus.SKIPPED);
        assertThat(r.step("reject").orElseThrow().output()).isEqualTo(Map.of("status", "rejected", "reason", "credit score too low"));
        assertThat(grpc.recorder.calls("loan.v1.LoanService/RejectApplication").get(0).metadata())
                .containsEntry("idempotency-key", r.executionId() + ":reject");
    }

    @Test
    void aFailedContractCancelsTheApprovalOverGrpc() {
        local.handle("document_service", "GenerateContract", call -> {
            throw new MaestroException("http_422", "no template for these terms", false);
        });

        ExecutionResult r = run(750, "A-21");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(status(r, "auto_approve")).isEqualTo(StepStatus.COMPENSATED);
        assertThat(grpc.loans.cancelled()).containsExactly("L-1");
    }
}
