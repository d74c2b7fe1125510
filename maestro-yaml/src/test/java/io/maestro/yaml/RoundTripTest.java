package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.RetrySpec;
import io.maestro.model.Workflow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    @Test
    void workflowUsingEveryFieldLoadsIntoTheSameModelAsTheDsl() {
        assertThat(YamlWorkflows.load(EveryFieldWorkflows.YAML)).isEqualTo(EveryFieldWorkflows.dsl());
    }

    @Test
    void loanWorkflowSurvivesWriteThenLoad() {
        Workflow loan = LoanWorkflows.dsl();

        assertThat(YamlWorkflows.load(YamlWorkflows.write(loan))).isEqualTo(loan);
    }

    @Test
    void workflowUsingEveryFieldSurvivesWriteThenLoad() {
        Workflow w = EveryFieldWorkflows.dsl();

        String yaml = YamlWorkflows.write(w);

        assertThat(YamlWorkflows.validate(yaml)).isEmpty();
        assertThat(YamlWorkflows.load(yaml)).isEqualTo(w);
    }

    @Test
    void writtenYamlLeavesOutAbsentFieldsAndWritesShortDurations() {
        Workflow w = Workflow.named("w").version("1.0")
                .defaultTimeout(Duration.ofMillis(250))
                .step("a", s -> s.call("svc", "M").timeout(Duration.ofMinutes(2)).retry(RetrySpec.none()))
                .build();

        assertThat(YamlWorkflows.write(w)).isEqualTo("""
                name: w
                version: '1.0'
                defaults:
                  timeout: 250ms
                steps:
                  - id: a
                    service: svc
                    method: M
                    timeout: 2m
                    retry: none
                """);
    }

    @Test
    void writtenLoanWorkflowReadsLikeTheSeed() {
        String yaml = YamlWorkflows.write(LoanWorkflows.dsl());

        assertThat(yaml).contains("""
                  - id: auto_approve
                    when: '{{ .credit_score.value > 700 && .fraud_risk.level == ''low'' }}'
                    service: loan_service
                    method: AutoApprove
                    output: approval
                    compensate:
                      method: CancelApproval
                      input:
                        loan_id: '{{ .approval.loan_id }}'
                """);
    }

    @Test
    void durationsRoundTripInEveryForm() {
        for (String text : new String[] {"250ms", "5s", "2m", "1h", "1m30s", "PT5S", "PT0.0005S", "P1D"}) {
            String yaml = "name: w\nversion: '1'\ntimeout: " + text + "\nsteps:\n  - {id: a, service: s, method: M}\n";
            Workflow w = YamlWorkflows.load(yaml);
            assertThat(YamlWorkflows.load(YamlWorkflows.write(w))).as(text).isEqualTo(w);
        }
        assertThat(YamlWorkflows.load("name: w\nversion: '1'\ntimeout: PT1M30S\nsteps:\n  - {id: a, service: s, method: M}\n").timeout())
                .isEqualTo(Duration.ofSeconds(90));
    }
}
