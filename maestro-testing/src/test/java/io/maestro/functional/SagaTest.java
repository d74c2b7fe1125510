package io.maestro.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.StepStatus;
import io.maestro.model.OnFailure;
import io.maestro.model.RetrySpec;
import io.maestro.model.Workflow;
import io.maestro.spi.transport.InMemoryTransport.RecordedCall;
import io.maestro.testing.MaestroExtension;
import io.maestro.testing.StubServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The saga matrix on the loan workflow, with a compensation declared on every step so that the
 * order is visible: failure at each position → exactly the right compensations, in reverse
 * order of completion, with the right inputs.
 */
@ExtendWith(MaestroExtension.class)
class SagaTest {

    private static final RetrySpec FAST = RetrySpec.exponential(2, Duration.ofMillis(1), Duration.ofMillis(2));

    /** The loan workflow, every step compensable by {@code Undo<Step>} with the step output in the input. */
    private static Workflow compensableLoan() {
        return Workflow.named("loan_saga").version("1")
                .defaultRetry(FAST)
                .step("verify_identity", s -> s.call("kyc", "Verify").output("identity").compensate(c -> c.method("UndoVerify")))
                .parallel(p -> p
                        .step("credit_check", s -> s.call("credit", "Score").output("credit_score").compensate(c -> c.method("UndoScore")))
                        .step("income_verification", s -> s.call("employer", "Income").output("income").compensate(c -> c.method("UndoIncome")))
                        .step("fraud_check", s -> s.call("fraud", "Analyze").output("fraud_risk").compensate(c -> c.method("UndoFraud"))))
                .step("auto_approve", s -> s
                        .when("{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}")
                        .call("loan", "AutoApprove").output("approval")
                        .compensate(c -> c.method("CancelApproval").input(Map.of(
                                "loan_id", "{{ .approval.loan_id }}", "reason", "{{ .error.message }}"))))
                .step("manual_review", s -> s
                        .when("{{ .credit_score.value > 600 && .credit_score.value <= 700 }}")
                        .call("review", "Create").output("review_task").compensate(c -> c.method("UndoReview")))
                .step("generate_contract", s -> s
                        .when("{{ .approval.status == 'approved' }}")
                        .call("docs", "Generate").output("contract").compensate(c -> c.method("UndoContract")))
                .build();
    }

    private static void happyStubs(StubServices services) {
        services.stub("kyc", "Verify").returns(Map.of("verified", true));
        services.stub("credit", "Score").delayed(Duration.ofMillis(30)).returns(Map.of("value", 750));
        services.stub("employer", "Income").delayed(Duration.ofMillis(10)).returns(Map.of("annual", 1));
        services.stub("fraud", "Analyze").delayed(Duration.ofMillis(50)).returns(Map.of("level", "low"));
        services.stub("loan", "AutoApprove").returns(Map.of("status", "approved", "loan_id", "L-77"));
        services.stub("review", "Create").returns(Map.of());
        services.stub("docs", "Generate").returns(Map.of("contract_id", "C-1"));
        for (String[] undo : new String[][] {{"kyc", "UndoVerify"}, {"credit", "UndoScore"}, {"employer", "UndoIncome"},
                {"fraud", "UndoFraud"}, {"loan", "CancelApproval"}, {"review", "UndoReview"}, {"docs", "UndoContract"}}) {
            services.stub(undo[0], undo[1]).returns(Map.of("undone", true));
        }
    }

    private static List<String> compensations(StubServices services) {
        return services.calls().stream().map(RecordedCall::method)
                .filter(m -> m.startsWith("Undo") || m.equals("CancelApproval")).toList();
    }

    @Test
    void failureOfTheFirstStepCompensatesNothing(StubServices services) {
        happyStubs(services);
        services.stub("kyc", "Verify").fails(StubServices.rejected("unknown applicant"));
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(compensableLoan(), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(compensations(services)).isEmpty();
            assertThat(r.step("credit_check").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        }
    }

    @Test
    void failureInsideTheParallelBlockCompensatesCompletedSiblingsAndEarlierStepsInReverseOrder(StubServices services) {
        happyStubs(services);
        // income (10 ms) completes, then fraud fails (20 ms), while credit (30 ms) is still running and gets cancelled.
        services.stub("fraud", "Analyze").delayed(Duration.ofMillis(20)).fails(StubServices.rejected("fraud service refused"));
        services.stub("credit", "Score").delayed(Duration.ofSeconds(3)).returns(Map.of("value", 750));
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(compensableLoan(), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            // credit_check was cancelled mid-call: its outcome is unknown, and it ended last, so it is undone first.
            assertThat(compensations(services)).containsExactly("UndoScore", "UndoIncome", "UndoVerify");
            assertThat(r.step("income_verification").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(r.step("fraud_check").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.step("auto_approve").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        }
    }

    @Test
    void failureAfterTheParallelBlockUndoesBranchesInReverseOrderOfCompletion(StubServices services) {
        happyStubs(services);
        services.stub("loan", "AutoApprove").fails(StubServices.rejected("limit reached"));
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(compensableLoan(), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            // Completion order: verify, income (10 ms), credit (30 ms), fraud (50 ms).
            assertThat(compensations(services)).containsExactly("UndoFraud", "UndoScore", "UndoIncome", "UndoVerify");
        }
    }

    @Test
    void failureInGenerateContractCancelsTheApprovalWithItsLoanId(StubServices services) {
        happyStubs(services);
        services.stub("docs", "Generate").fails(StubServices.rejected("no template"));
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(compensableLoan(), Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(compensations(services)).containsExactly("CancelApproval", "UndoFraud", "UndoScore", "UndoIncome", "UndoVerify");
            assertThat(services.inputs("loan", "CancelApproval"))
                    .containsExactly(Map.of("loan_id", "L-77", "reason", "no template"));
            // Skipped steps are never compensated.
            assertThat(r.step("manual_review").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(services.calls("review", "UndoReview")).isEmpty();
            // Without an input, a compensation receives the step's output.
            assertThat(services.inputs("fraud", "UndoFraud")).containsExactly(Map.of("level", "low"));
        }
    }

    @Test
    void aCompensationThatKeepsFailingEndsCompensationFailedAndTheOthersStillRun(StubServices services) {
        happyStubs(services);
        services.stub("docs", "Generate").fails(StubServices.rejected("no template"));
        services.stub("credit", "UndoScore").fails(StubServices.unavailable());
        Workflow w = compensableLoan();
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(w, Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPENSATION_FAILED);
            assertThat(r.step("credit_check").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
            assertThat(r.step("income_verification").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(r.step("verify_identity").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            // Compensation's own default retry: 5 attempts.
            assertThat(services.calls("credit", "UndoScore")).hasSize(5);
        }
    }

    @Test
    void onFailureContinueBindsTheErrorAndGoesOnWithoutCompensating(StubServices services) {
        services.stub("svc", "Risky").fails(StubServices.rejected("nope"));
        services.stub("svc", "Undo").returns(Map.of());
        services.stub("svc", "Next").answers(call -> Map.of("saw", call.input()));
        Workflow w = Workflow.named("cont").version("1")
                .step("risky", s -> s.call("svc", "Risky").onFailure(OnFailure.CONTINUE).compensate(c -> c.method("Undo")))
                .step("next", s -> s.call("svc", "Next").input(Map.of("previous", "{{ .risky.error.message }}")))
                .build();
        try (Orchestrator o = services.orchestrator()) {
            ExecutionResult r = o.run(w, Map.of());

            assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(r.step("risky").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
            assertThat(services.inputs("svc", "Next")).containsExactly(Map.of("previous", "nope"));
            assertThat(services.calls("svc", "Undo")).isEmpty();
        }
    }

    @Test
    void cancellationMidParallelBlockCompensatesCompletedBranchesAndEndsCancelled(StubServices services) throws Exception {
        happyStubs(services);
        services.stub("credit", "Score").delayed(Duration.ofSeconds(5)).returns(Map.of("value", 750));
        services.stub("fraud", "Analyze").delayed(Duration.ofSeconds(5)).returns(Map.of("level", "low"));
        try (Orchestrator o = services.orchestrator()) {
            CompletableFuture<ExecutionResult> running = o.start(compensableLoan(), Map.of(), "to-cancel").toCompletableFuture();
            while (services.calls("employer", "Income").isEmpty() || services.calls("fraud", "Analyze").isEmpty()) {
                Thread.sleep(5);
            }
            Thread.sleep(50); // income (10 ms) has completed; credit and fraud are in flight
            assertThat(o.cancel("to-cancel")).isTrue();
            ExecutionResult r = running.get();

            assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
            assertThat(services.cancellations()).extracting(c -> c.method()).containsExactlyInAnyOrder("Score", "Analyze");
            assertThat(compensations(services)).containsSubsequence("UndoIncome", "UndoVerify");
            assertThat(r.step("income_verification").orElseThrow().status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(services.calls("loan", "AutoApprove")).isEmpty();
            assertThat(o.cancel("to-cancel")).isFalse();
        }
    }

    @Test
    void workflowDeadlineShorterThanAStepEndsTheExecutionWithCompensation(StubServices services) {
        services.stub("svc", "Quick").returns(Map.of());
        services.stub("svc", "UndoQuick").returns(Map.of());
        services.stub("svc", "Slow").delayed(Duration.ofSeconds(5)).returns(Map.of());
        Workflow w = Workflow.named("deadline").version("1").timeout(Duration.ofMillis(200))
                .step("quick", s -> s.call("svc", "Quick").compensate(c -> c.method("UndoQuick")))
                .step("slow", s -> s.call("svc", "Slow"))
                .build();
        try (Orchestrator o = services.orchestrator()) {
            long start = System.nanoTime();
            ExecutionResult r = o.run(w, Map.of());

            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error().code()).isEqualTo("deadline");
            assertThat(services.calls("svc", "UndoQuick")).hasSize(1);
            assertThat(services.cancellations()).extracting(c -> c.method()).containsExactly("Slow");
        }
    }
}
