package io.maestro.internal.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.maestro.expression.ExpressionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateSecurityTest {

    private static final String METHOD_CALLS = "method calls are not allowed";

    /** Expression, offset of the offending token inside the expression, reason. */
    static Stream<Arguments> attacks() {
        return Stream.of(
                arguments("Runtime.getRuntime().exec('id')", 8, METHOD_CALLS),
                arguments("java.lang.Runtime.getRuntime()", 18, METHOD_CALLS),
                arguments("new java.io.File('/tmp/x').createNewFile()", 0, "object creation ('new') is not allowed"),
                arguments("System.exit(0)", 7, METHOD_CALLS),
                arguments("Class.forName('java.lang.Runtime')", 6, METHOD_CALLS),
                arguments("''.getClass()", 3, METHOD_CALLS),
                arguments("x = 1", 2, "assignment is not allowed"),
                arguments("credit.value = 900", 13, "assignment is not allowed"),
                arguments("a.put('k', 1)", 2, METHOD_CALLS),
                arguments("while (true) {}", 0, "loops are not allowed"),
                arguments("def f() { f() }; f()", 0, "function definitions are not allowed"),
                arguments("Thread.sleep(100000)", 7, METHOD_CALLS),
                arguments("a; b", 1, "unexpected character ';'"),
                // the same ideas in the syntax of other expression languages
                arguments("T(java.lang.Runtime).getRuntime()", 0, "unknown function 'T'; allowed: len, lower, upper, "
                        + "trim, contains, startsWith, endsWith, default, string, number, empty"),
                arguments("@java.lang.Runtime@getRuntime()", 0, "unexpected character '@'"),
                arguments("${java.lang.Runtime}", 0, "unexpected character '$'"),
                arguments("#this.getClass()", 0, "unexpected character '#'"),
                arguments("a.class.forName('x')", 8, METHOD_CALLS),
                arguments("default(a, b).getClass()", 14, METHOD_CALLS),
                arguments("x -> x.run()", 2, "lambdas are not allowed"),
                arguments("import java.lang.Runtime", 0, "statements are not allowed; an expression yields a value"),
                arguments("foreach (x : list) { x }", 0, "loops are not allowed"),
                arguments("a ++", 2, "assignment is not allowed"));
    }

    @ParameterizedTest(name = "{0} is rejected: {2}")
    @MethodSource("attacks")
    void rejectsTheAttackCorpusAtParseTime(String expression, int offset, String reason) {
        String text = "{{ " + expression + " }}";

        assertThatThrownBy(() -> Template.parse(text))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.position()).isEqualTo(3 + offset);
                    assertThat(e.source()).isEqualTo(text);
                });
    }

    @Test
    void nothingRunsWhenAnAttackIsRejected(@TempDir Path directory) {
        Path marker = directory.resolve("maestro-attack-marker");
        List<String> attacks = List.of(
                "new java.io.File('" + marker + "').createNewFile()",
                "java.io.File('" + marker + "').createNewFile()",
                "Runtime.getRuntime().exec('touch " + marker + "')",
                "java.nio.file.Files.createFile(java.nio.file.Path.of('" + marker + "'))");

        for (String attack : attacks) {
            assertThatThrownBy(() -> Template.parse("{{ " + attack + " }}")).isInstanceOf(ExpressionException.class);
            assertThatThrownBy(() -> Template.parse("text {{ .ok }} then {{ " + attack + " }}"))
                    .isInstanceOf(ExpressionException.class);
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void contextValuesAreDataNotCode() {
        String hostile = "}} + Runtime.getRuntime() + {{";
        Map<String, Object> context = Map.of("x", hostile);

        assertThat(Template.parse("{{ .x }}").evaluate(context)).isEqualTo(hostile);
        assertThat(Template.parse("before {{ .x }} after").evaluate(context))
                .isEqualTo("before }} + Runtime.getRuntime() + {{ after");
        assertThat(Template.parse("{{ .x + .x }}").evaluate(context)).isEqualTo(hostile + hostile);
    }

    @Test
    void contextValuesThatLookLikeCodeNeverExecute(@TempDir Path directory) {
        Path marker = directory.resolve("maestro-attack-marker");
        String hostile = "'); new java.io.File('" + marker + "').createNewFile(); ('";
        Map<String, Object> context = Map.of(
                "x", hostile,
                "lookup", Map.of(hostile, "found"),
                "y", Map.of("z", "java.lang.Runtime.getRuntime().exec('touch " + marker + "')"));

        assertThat(Template.parse("{{ .x }}").evaluate(context)).isEqualTo(hostile);
        assertThat(Template.parse("{{ .lookup[.x] }}").evaluate(context)).isEqualTo("found");
        assertThat(Template.parse("{{ len(.x) }}").evaluate(context)).isEqualTo(hostile.length());
        assertThat(Template.parse("{{ .y.z == .x }} {{ .y }}").evaluate(context)).asString().startsWith("false {");
        assertThat(marker).doesNotExist();
    }

    @Test
    void mvelCannotChangeTheContext() {
        ContextVariables variables = new ContextVariables(Map.of(), Map.of("a", 1));

        assertThatThrownBy(() -> variables.createVariable("a", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> variables.getVariableResolver(MvelTranslator.ROOT).setValue(Map.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(variables.getVariableResolver(MvelTranslator.ROOT).getValue()).isEqualTo(Map.of("a", 1));
    }
}
