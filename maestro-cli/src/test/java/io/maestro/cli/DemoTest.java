package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.StepStatus;
import io.maestro.examples.LoanDemo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code maestro demo}'s four runs, end to end over real gRPC and HTTP servers on loopback. */
class DemoTest {

    private static Map<String, StepStatus> statuses(ExecutionResult r) {
        return r.steps().stream().collect(Collectors.toMap(s -> s.id(), s -> s.status()));
    }

    @Test
    void theFourDemoRunsEndAsTheLoanRulesSay() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        LoanDemo.Outcome outcome = LoanDemo.runAll(out, new io.maestro.cli.internal.ProgressPrinter(out, false));
        List<ExecutionResult> r = outcome.results();

        assertThat(r).extracting(ExecutionResult::status).containsExactly(
                ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED, ExecutionStatus.FAILED);

        assertThat(statuses(r.get(0))).containsEntry("auto_approve", StepStatus.COMPLETED).containsEntry("generate_contract", StepStatus.COMPLETED)
                .containsEntry("manual_review", StepStatus.SKIPPED).containsEntry("reject", StepStatus.SKIPPED);
        assertThat(statuses(r.get(1))).containsEntry("manual_review", StepStatus.COMPLETED).containsEntry("auto_approve", StepStatus.SKIPPED)
                .containsEntry("reject", StepStatus.SKIPPED).containsEntry("generate_contract", StepStatus.SKIPPED);
        assertThat(r.get(1).step("manual_review").orElseThrow().output()).isEqualTo(Map.of("task_id", ((Map<?, ?>) r.get(1).step("manual_review")
                .orElseThrow().output()).get("task_id"), "priority", "urgent"));
        assertThat(statuses(r.get(2))).containsEntry("reject", StepStatus.COMPLETED).containsEntry("auto_approve", StepStatus.SKIPPED)
                .containsEntry("manual_review", StepStatus.SKIPPED);

        ExecutionResult compensated = r.get(3);
        assertThat(statuses(compensated)).containsEntry("auto_approve", StepStatus.COMPENSATED).containsEntry("generate_contract", StepStatus.FAILED);
        String loanId = (String) ((Map<?, ?>) compensated.step("auto_approve").orElseThrow().output()).get("loan_id");
        assertThat(loanId).startsWith("L-");
        // The loan service (gRPC) received CancelApproval for exactly that loan.
        assertThat(outcome.cancelledLoans()).containsExactly(loanId);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("↺ auto_approve compensated");
    }
}
