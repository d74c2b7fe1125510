package io.maestro.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.DefinitionException;
import io.maestro.Problem;
import io.maestro.model.CallStep;
import io.maestro.model.ParallelBlock;
import io.maestro.model.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowBuilderTest {

    private static List<Problem> problemsOf(WorkflowBuilder builder) {
        try {
            builder.build();
        } catch (DefinitionException e) {
            return e.problems();
        }
        throw new AssertionError("expected a DefinitionException");
    }

    @Test
    void buildsAnImmutableModelWithDefaults() {
        Workflow w = Workflow.named("w").version("1")
                .step("a", s -> s.call("svc", "A"))
                .parallel(p -> p.step("b", s -> s.call("svc", "B")).step("c", s -> s.call("svc", "C")))
                .build();

        CallStep a = (CallStep) w.steps().get(0);
        assertThat(a.outputName()).isEqualTo("a");
        assertThat(a.idempotent()).isTrue();
        assertThat(((ParallelBlock) w.steps().get(1)).failFast()).isTrue();
        assertThat(w.callSteps()).extracting(CallStep::id).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> w.steps().add(a)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSameDefinitionBuiltTwiceIsEqual() {
        WorkflowBuilder b = Workflow.named("w").version("1")
                .step("a", s -> s.call("svc", "A").input(Map.of("k", List.of("{{ .input.x }}", 1))).timeout(Duration.ofSeconds(2)));
        assertThat(b.build()).isEqualTo(b.build()).hasSameHashCodeAs(b.build());
    }

    @Test
    void duplicateIdsAreReportedWithTheFirstLocation() {
        List<Problem> problems = problemsOf(Workflow.named("w").version("1")
                .step("a", s -> s.call("svc", "A"))
                .parallel(p -> p.step("a", s -> s.call("svc", "B").output("other"))));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.stepId()).isEqualTo("a");
            assertThat(p.field()).isEqualTo("id");
            assertThat(p.path()).isEqualTo("steps[1].parallel[0].id");
            assertThat(p.message()).contains("duplicate step id 'a'").contains("steps[0]");
        });
    }

    @Test
    void everyProblemIsReportedTogetherNamingStepAndField() {
        List<Problem> problems = problemsOf(Workflow.named("9bad name").version("")
                .step("ok", s -> s.call("svc", "A").when("{{ .x > }}"))
                .step("1st", s -> s.call("svc", "B"))
                .step("no_method", s -> s.call("svc", null))
                .step("bad_input", s -> s.call("svc", "C").input(Map.of("k", "{{ Runtime.getRuntime().exec('id') }}")))
                .step("not_template", s -> s.call("svc", "D").when("true"))
                .step("reserved", s -> s.call("svc", "E").output("input"))
                .step("comp", s -> s.call("svc", "F").compensate(c -> c.input(Map.of()))));

        assertThat(problems).extracting(Problem::path).containsExactly(
                "name", "version", "steps[0].when", "steps[1].id", "steps[2].method", "steps[3].input.k",
                "steps[4].when", "steps[5].output", "steps[6].compensate.method");
        assertThat(problems.get(2)).satisfies(p -> {
            assertThat(p.stepId()).isEqualTo("ok");
            assertThat(p.field()).isEqualTo("when");
            assertThat(p.offset()).isGreaterThanOrEqualTo(0);
        });
        assertThat(problems.get(3).message()).contains("'1st'");
        assertThat(problems.get(5).message()).contains("method calls are not allowed");
        assertThat(problems.get(6).message()).contains("single template");
        assertThat(problems.get(7).message()).contains("reserved");
    }

    @Test
    void conflictingOutputsInOneParallelBlockAreRejected() {
        List<Problem> problems = problemsOf(Workflow.named("w").version("1")
                .parallel(p -> p
                        .step("a", s -> s.call("svc", "A").output("result"))
                        .sequence(q -> q.step("b", s -> s.call("svc", "B")).step("c", s -> s.call("svc", "C").output("result")))));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.stepId()).isEqualTo("c");
            assertThat(p.field()).isEqualTo("output");
            assertThat(p.message()).contains("'result'").contains("'a'");
        });
    }

    @Test
    void rebindingAnOutputInSequenceIsAllowed() {
        Workflow w = Workflow.named("w").version("1")
                .step("a", s -> s.call("svc", "A").output("x"))
                .step("b", s -> s.call("svc", "B").output("x"))
                .build();
        assertThat(w.callSteps()).hasSize(2);
    }

    @Test
    void unknownServicesAreReportedWhenTheBindingsAreKnown() {
        List<Problem> problems = problemsOf(Workflow.named("w").version("1")
                .knownServices(Set.of("credit_bureau", "kyc_service"))
                .step("a", s -> s.call("credit_bureu", "Score")));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("service");
            assertThat(p.message()).contains("unknown service 'credit_bureu'").contains("did you mean 'credit_bureau'");
        });
    }

    @Test
    void aWorkflowNeedsSteps() {
        assertThat(problemsOf(Workflow.named("w").version("1"))).extracting(Problem::message)
                .containsExactly("a workflow needs at least one step");
    }

    @Test
    void nonPositiveTimeoutsAreRejected() {
        assertThat(problemsOf(Workflow.named("w").version("1").timeout(Duration.ZERO)
                .step("a", s -> s.call("svc", "A").timeout(Duration.ofSeconds(-1)))))
                .extracting(Problem::path).containsExactly("timeout", "steps[0].timeout");
    }
}
