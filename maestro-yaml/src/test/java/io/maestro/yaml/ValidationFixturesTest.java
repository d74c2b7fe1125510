package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One fixture per kind of validation error, each with the exact line and column expected. */
class ValidationFixturesTest {

    private static final String DIR = "src/test/resources/invalid/";

    private static List<String> problems(String fixture) {
        return YamlWorkflows.validate(Path.of(DIR + fixture)).stream().map(LocatedProblem::toString).toList();
    }

    @Test
    void unknownFieldIsReportedAtItsKeyWithTheClosestValidName() {
        assertThat(problems("unknown-field.yaml")).containsExactly(DIR + "unknown-field.yaml:7:5: unknown field 'compensation' in step 'reserve'"
                + " (did you mean 'compensate'?); expected one of: id, service, method, input, output, when, timeout, retry, compensate, on_failure, idempotent");
    }

    @Test
    void wrongTypeIsReportedAtTheValue() {
        assertThat(problems("wrong-type.yaml")).containsExactly(DIR + "wrong-type.yaml:6:13: step 'reserve' method must be a string, got a list");
    }

    @Test
    void missingRequiredFieldIsReportedAtTheStep() {
        assertThat(problems("missing-required-field.yaml"))
                .containsExactly(DIR + "missing-required-field.yaml:4:5: step 'reserve', field 'method': a step needs a method");
    }

    @Test
    void duplicateStepIdNamesBothLocations() {
        assertThat(problems("duplicate-step-id.yaml")).containsExactly(DIR + "duplicate-step-id.yaml:11:13: step 'reserve', field 'id':"
                + " duplicate step id 'reserve' (first defined at line 4, column 9)");
    }

    @Test
    void invalidDurationSaysWhichFormsAreAccepted() {
        assertThat(problems("invalid-duration.yaml")).containsExactly(DIR + "invalid-duration.yaml:7:14: step 'reserve' timeout:"
                + " invalid duration '5 seconds'; expected a number and a unit (250ms, 5s, 2m, 1h, or sums like 1m30s) or ISO-8601 (PT5S)");
    }

    @Test
    void expressionErrorPointsAtTheColumnInsideTheExpression() {
        // line 8 is `      sku: "{{ .input.sku + }}"`: the value starts at column 13, the stray '}}' at offset 16
        assertThat(problems("bad-expression.yaml")).containsExactly(DIR + "bad-expression.yaml:8:29: step 'reserve', field 'input':"
                + " invalid expression '{{ .input.sku + }}' at position 16: expected expression");
    }

    @Test
    void expressionErrorColumnAccountsForQuotesEscapesAndBlockScalars() {
        String yaml = """
                name: w
                version: "1"
                steps:
                  - id: a
                    service: s
                    method: M
                    input:
                      plain: a {{ x + }}
                      single: 'it''s {{ x + }}'
                      double: "\\t{{ x + }}"
                      block: |
                        first line
                          {{ x + }}
                """;
        assertThat(YamlWorkflows.validate(yaml)).extracting(p -> p.line() + ":" + p.column())
                .containsExactly("8:23", "9:29", "10:25", "13:18");
    }

    @Test
    void unknownServiceIsReportedWhenTheBoundServicesAreKnown() {
        Path file = Path.of(DIR + "unknown-service.yaml");

        assertThat(YamlWorkflows.validate(file)).isEmpty();
        assertThat(YamlWorkflows.validate(file, Set.of("payments")).stream().map(LocatedProblem::toString))
                .containsExactly(DIR + "unknown-service.yaml:10:14: step 'charge', field 'service': unknown service 'payment'"
                        + " (did you mean 'payments'?); bound services: [inventory, payments]");
    }

    @Test
    void whenThatIsNotASingleTemplateIsRejected() {
        assertThat(problems("when-not-a-template.yaml")).containsExactly(DIR + "when-not-a-template.yaml:8:11: step 'charge', field 'when':"
                + " 'when' must be a single template yielding a boolean, like \"{{ .score.value > 700 }}\"; got 'ok {{ .reserve.ok }}'");
    }

    @Test
    void whenThatIsNotAStringIsRejected() {
        List<LocatedProblem> problems = YamlWorkflows.validate("name: w\nversion: '1'\nsteps:\n  - {id: a, service: s, method: M, when: true}\n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line() + ":" + p.column()).isEqualTo("4:42");
            assertThat(p.message()).startsWith("'when' of step 'a' must be a template yielding a boolean");
        });
    }

    @Test
    void conflictingOutputsInAParallelBlockAreReportedAtTheSecondBinding() {
        assertThat(problems("conflicting-outputs.yaml")).containsExactly(DIR + "conflicting-outputs.yaml:13:21: step 'slow_quote', field 'output':"
                + " output 'quote' is also bound by step 'fast_quote' in the same parallel block; give one of them another output name");
    }

    @Test
    void duplicateKeyNamesTheFirstOne() {
        assertThat(problems("duplicate-key.yaml"))
                .containsExactly(DIR + "duplicate-key.yaml:7:5: duplicate key 'service' in a step (first at line 5, column 5)");
    }

    @Test
    void invalidRetriesAreReportedFieldByField() {
        assertThat(problems("bad-retry.yaml")).containsExactly(
                DIR + "bad-retry.yaml:7:12: retry must be 'none' or a mapping such as { max_attempts: 3, backoff: { initial: 100ms } }, got a string 'never'",
                DIR + "bad-retry.yaml:11:28: retry max_attempts must be between 1 and 1000, got 0",
                DIR + "bad-retry.yaml:11:63: backoff jitter must be between 0.0 and 1.0, got 2");
    }

    @Test
    void everyProblemOfAFileIsReportedTogetherInFileOrder() {
        assertThat(problems("many-problems.yaml")).containsExactly(
                DIR + "many-problems.yaml:1:1: version: a workflow needs a version",
                DIR + "many-problems.yaml:6:5: unknown field 'timout' in step 'reserve' (did you mean 'timeout'?);"
                        + " expected one of: id, service, method, input, output, when, timeout, retry, compensate, on_failure, idempotent",
                DIR + "many-problems.yaml:7:9: step 'reserve', field 'id': duplicate step id 'reserve' (first defined at line 3, column 9)",
                DIR + "many-problems.yaml:10:30: step 'reserve', field 'when': invalid expression '{{ .reserve.ok == }}' at position 18: expected expression",
                DIR + "many-problems.yaml:11:17: step 'reserve' on_failure must be 'fail' or 'continue', got 'ignore'");
    }

    @Test
    void loadThrowsOneExceptionListingEveryProblemOnePerLine() {
        WorkflowLoadException e = catchThrowableOfType(WorkflowLoadException.class,
                () -> YamlWorkflows.load(Path.of(DIR + "many-problems.yaml")));

        assertThat(e.locatedProblems()).hasSize(5);
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage().lines()).hasSize(5).allMatch(l -> l.startsWith(DIR + "many-problems.yaml:"));
        assertThat(e).isInstanceOf(io.maestro.DefinitionException.class);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void misspeltParallelIsReportedOnceInsteadOfAsAStepWithoutServiceAndMethod() {
        assertThat(YamlWorkflows.validate("name: w\nversion: '1'\nsteps:\n  - paralel:\n      - {id: a, service: s, method: M}\n"))
                .extracting(LocatedProblem::toString)
                .singleElement().asString().startsWith("<string>:4:5: unknown field 'paralel' in a step (did you mean 'parallel'?)");
    }

    @Test
    void sequenceOutsideAParallelBlockIsRejected() {
        assertThat(YamlWorkflows.validate("name: w\nversion: '1'\nsteps:\n  - sequence:\n      - {id: a, service: s, method: M}\n"))
                .extracting(LocatedProblem::toString)
                .containsExactly("<string>:4:5: 'sequence' is only allowed as a branch of a 'parallel' block; top-level steps already run in order");
    }

    @Test
    void emptyDocumentIsReported() {
        assertThat(YamlWorkflows.validate("# nothing here\n")).extracting(LocatedProblem::toString)
                .containsExactly("<string>:1:1: the document is empty");
    }

    @Test
    void documentThatIsNotAMappingIsReported() {
        assertThat(YamlWorkflows.validate("- a\n- b\n")).extracting(LocatedProblem::toString)
                .containsExactly("<string>:1:1: a workflow must be a mapping, got a list");
    }

    @Test
    void syntaxErrorsAreLocated() {
        assertThat(YamlWorkflows.validate("name: w\nversion: '1\nsteps: []\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("YAML syntax error"));
    }
}
