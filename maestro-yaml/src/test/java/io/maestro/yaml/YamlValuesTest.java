package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.CallStep;
import io.maestro.model.OnFailure;
import io.maestro.model.RetrySpec;
import io.maestro.model.Workflow;
import java.io.StringReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How YAML values map to the model. */
class YamlValuesTest {

    private static CallStep onlyStep(String stepYaml) {
        Workflow w = YamlWorkflows.load("name: w\nversion: '1'\nsteps:\n  - id: a\n    service: s\n    method: M\n" + stepYaml);
        return (CallStep) w.steps().get(0);
    }

    @Test
    void inputKeepsYamlTypesAsJsonValues() {
        CallStep s = onlyStep("    input:\n      int: 42\n      long: 5000000000\n      big: 123456789012345678901234\n      float: 2.5\n"
                + "      bool: true\n      nothing: ~\n      date: 2024-01-31\n      text: '42'\n      list: [1, two]\n");

        Map<String, Object> expected = new HashMap<>();
        expected.put("int", 42);
        expected.put("long", 5_000_000_000L);
        expected.put("big", new BigInteger("123456789012345678901234"));
        expected.put("float", 2.5);
        expected.put("bool", true);
        expected.put("nothing", null);
        expected.put("date", "2024-01-31");
        expected.put("text", "42");
        expected.put("list", Arrays.asList(1, "two"));
        assertThat(s.input()).isEqualTo(expected);
    }

    @Test
    void omittedOptionalFieldsAreAbsentInTheModel() {
        CallStep s = onlyStep("");

        assertThat(s.input()).isNull();
        assertThat(s.output()).isNull();
        assertThat(s.retry()).isNull();
        assertThat(s.timeout()).isNull();
        assertThat(s.when()).isNull();
        assertThat(s.compensation()).isNull();
        assertThat(s.onFailure()).isEqualTo(OnFailure.FAIL);
        assertThat(s.idempotent()).isTrue();
    }

    @Test
    void emptyValueOfAnOptionalFieldMeansAbsent() {
        assertThat(onlyStep("    timeout:\n    output: ~\n")).isEqualTo(onlyStep(""));
    }

    @Test
    void partialRetryTakesTheRestFromTheDefault() {
        assertThat(onlyStep("    retry: { max_attempts: 7 }\n").retry()).isEqualTo(RetrySpec.DEFAULT.withMaxAttempts(7));
        assertThat(onlyStep("    retry: { backoff: { jitter: 0 } }\n").retry()).isEqualTo(RetrySpec.DEFAULT.withJitter(0));
        assertThat(onlyStep("    retry: { retry_on: timeout }\n").retry()).isEqualTo(RetrySpec.DEFAULT.withRetryOn("timeout"));
        assertThat(onlyStep("    retry: none\n").retry()).isEqualTo(RetrySpec.none());
    }

    @Test
    void initialBackoffAboveTheDefaultMaxAsksForAMax() {
        assertThat(YamlWorkflows.validate("name: w\nversion: '1'\nsteps:\n  - {id: a, service: s, method: M, retry: {backoff: {initial: 30s}}}\n"))
                .extracting(LocatedProblem::message)
                .containsExactly("backoff max (10s) is below initial (30s); the default max is 10s, set backoff max");
    }

    @Test
    void numericVersionIsTakenAsWritten() {
        assertThat(YamlWorkflows.load("name: w\nversion: 1.10\nsteps:\n  - {id: a, service: s, method: M}\n").version()).isEqualTo("1.10");
    }

    @Test
    void mergeKeysAndAliasesShareSettings() {
        Workflow w = YamlWorkflows.load("""
                name: w
                version: "1"
                steps:
                  - &base { id: a, service: s, method: M, timeout: 2s, retry: { max_attempts: 2 } }
                  - <<: *base
                    id: b
                    method: N
                """);

        assertThat(((CallStep) w.steps().get(1)).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(((CallStep) w.steps().get(1)).method()).isEqualTo("N");
        assertThat(((CallStep) w.steps().get(1)).retry()).isEqualTo(RetrySpec.DEFAULT.withMaxAttempts(2));
    }

    @Test
    void readerSourceNameAppearsInProblems() {
        assertThat(YamlWorkflows.validate(new StringReader("name: w\n"), "inline.yaml", null))
                .extracting(LocatedProblem::toString)
                .containsExactly("inline.yaml:1:1: version: a workflow needs a version", "inline.yaml:1:1: steps: a workflow needs at least one step");
    }

    @Test
    void nestedParallelAndSequencePathsPointAtTheRightNode() {
        List<LocatedProblem> problems = YamlWorkflows.validate("""
                name: w
                version: "1"
                steps:
                  - id: first
                    service: s
                    method: M
                  - parallel:
                      - sequence:
                          - id: x
                            service: s
                            method: M
                          - parallel:
                              - id: y
                                service: s
                                method: M
                                input: { n: "{{ .x.n * }}" }
                """);

        assertThat(problems).extracting(p -> p.line() + ":" + p.column() + " " + p.path())
                .containsExactly("16:40 steps[1].parallel[0].sequence[1].parallel[0].input.n");
    }
}
