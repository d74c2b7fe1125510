package io.maestro.internal.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.maestro.expression.ExpressionException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateParsingTest {

    static Stream<Arguments> invalidTemplates() {
        return Stream.of(
                arguments("{{ a; b }}", 4, "unexpected character ';'"),
                arguments("Hello {{ name", 6, "unterminated template: missing '}}'"),
                arguments("{{ name }} and {{ more", 15, "unterminated template: missing '}}'"),
                arguments("{{ 'abc }}", 3, "unterminated string literal"),
                arguments("{{ }}", 3, "expected expression"),
                arguments("{{ 1 + }}", 7, "expected expression"),
                arguments("{{ a = 1 }}", 5, "assignment is not allowed"),
                arguments("{{ a += 1 }}", 5, "assignment is not allowed"),
                arguments("{{ a++ }}", 4, "assignment is not allowed"),
                arguments("{{ #x }}", 3, "unexpected character '#'"),
                arguments("{{ @x }}", 3, "unexpected character '@'"),
                arguments("{{ `x` }}", 3, "unexpected character '`'"),
                arguments("{{ $x }}", 3, "unexpected character '$'"),
                arguments("{{ x -> x }}", 5, "lambdas are not allowed"),
                arguments("{{ a :: b }}", 5, "method references are not allowed"),
                arguments("{{ a & b }}", 5, "unexpected character '&'"),
                arguments("{{ a.b() }}", 5, "method calls are not allowed"),
                arguments("{{ (a)(1) }}", 6, "method calls are not allowed"),
                arguments("{{ len(.a)(1) }}", 10, "method calls are not allowed"),
                arguments("{{ exec('id') }}", 3, "unknown function 'exec'; allowed: len, lower, upper, trim, "
                        + "contains, startsWith, endsWith, default, string, number, empty"),
                arguments("{{ len(1, 2) }}", 3, "function 'len' takes 1 argument, got 2"),
                arguments("{{ default(1) }}", 3, "function 'default' takes 2 arguments, got 1"),
                arguments("{{ [1, 2] }}", 3, "expected expression"),
                arguments("{{ (name in users) }}", 9, "expected ')', found 'in'"),
                arguments("{{ users.{name} }}", 9, "unexpected character '{'"),
                arguments("{{ 1 < 2 < 3 }}", 9, "comparisons cannot be chained; combine them with &&"),
                arguments("{{ a }", 5, "unexpected '}'; a template ends with '}}'"),
                arguments("{{ a b }}", 5, "unexpected 'b'"),
                arguments("{{ a. }}", 6, "expected a property name after '.'"),
                arguments("{{ .5 }}", 4, "expected a property name after '.', found '5'"),
                arguments("{{ 12abc }}", 3, "invalid number literal"),
                arguments("{{ 'a\\q' }}", 5, "invalid escape sequence '\\q'"),
                arguments("{{ a ? b }}", 9, "expected ':'"),
                arguments("{{ {{ a }} }}", 3, "unexpected character '{'"),
                arguments("{{ if (a) 1 }}", 3, "statements are not allowed; use the conditional 'test ? a : b'"),
                arguments("{{ return a }}", 3, "statements are not allowed; an expression yields a value"),
                arguments("ok {{ .a }} then {{ .b.c() }}", 23, "method calls are not allowed"));
    }

    @ParameterizedTest(name = "{0} is rejected at {1}: {2}")
    @MethodSource("invalidTemplates")
    void rejectsTextOutsideTheGrammarWithPositionAndReason(String text, int position, String reason) {
        assertThatThrownBy(() -> Template.parse(text))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.source()).isEqualTo(text);
                    assertThat(e.code()).isEqualTo("expression");
                    assertThat(e.getMessage()).contains(text, "position " + position, reason);
                });
    }

    @Test
    void rejectsExpressionsNestedTooDeeply() {
        String text = "{{ " + "(".repeat(500) + "1" + ")".repeat(500) + " }}";

        assertThatThrownBy(() -> Template.parse(text))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expression is nested too deeply");
    }

    @Test
    void rejectsOperatorChainsTooLongToCompileSafely() {
        assertThatThrownBy(() -> Template.parse("{{ " + "1 + ".repeat(1000) + "1 }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expression is nested too deeply");
        assertThatThrownBy(() -> Template.parse("{{ " + "true && ".repeat(1000) + "true }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expression is nested too deeply");
        assertThatThrownBy(() -> Template.parse("{{ .a" + "[.i]".repeat(1000) + " }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expression is nested too deeply");
    }

    @Test
    void acceptsLongButReasonableExpressions() {
        assertThat(Template.parse("{{ " + "1 + ".repeat(80) + "1 }}").evaluate(Map.of())).isEqualTo(81);
        assertThat(Template.parse("{{ " + "true && ".repeat(80) + "true }}").evaluate(Map.of())).isEqualTo(true);
        assertThat(Template.parse("{{ " + "lower(".repeat(40) + "'X'" + ")".repeat(40) + " }}").evaluate(Map.of()))
                .isEqualTo("x");
    }

    @Test
    void acceptsKeywordsAndFunctionNamesAsPropertyNames() {
        Template template = Template.parse("{{ .new.while + len.default + default.len }}");

        assertThat(template.evaluate(Map.of(
                "new", Map.of("while", 1),
                "len", Map.of("default", 2),
                "default", Map.of("len", 3)))).isEqualTo(6);
    }

    @Test
    void acceptsABarePathThatLooksLikeAClassName() {
        assertThat(Template.parse("{{ java.lang.Runtime }}").evaluate(Map.of())).isNull();
    }

    @Test
    void translatesToMvelSourceMadeOnlyOfBuiltinsAndConstants() {
        String text = "{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}";

        MvelTranslator.Translation translation = MvelTranslator.translate(new Parser(text, 0).parseUntilClose());

        assertThat(translation.source()).isEqualTo(
                "(opGreater(path(root, k0), k1) && opEqual(path(root, k2), k3))");
        assertThat(translation.constants()).hasSize(4);
        assertThat(translation.constants().get(1)).isEqualTo(700);
        assertThat(translation.constants().get(3)).isEqualTo("low");
    }

    @Test
    void keepsUserTextOutOfTheGeneratedSource() {
        String text = "{{ .input['Runtime.getRuntime()'].exec == \"java.lang.System\" ? lower(.a) : .b[.c] }}";

        MvelTranslator.Translation translation = MvelTranslator.translate(new Parser(text, 0).parseUntilClose());

        assertThat(translation.source())
                .doesNotContain("Runtime", "System", "exec", "input", "'", "\"", ".", "=")
                .matches("[A-Za-z0-9_(), ?:&|]*");
        assertThat(translation.constants()).contains("java.lang.System");
    }
}
