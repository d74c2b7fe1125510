package io.maestro.internal.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.maestro.expression.ExpressionException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateSemanticsTest {

    private static final Map<String, Object> CONTEXT = context();

    private static Map<String, Object> context() {
        Map<String, Object> context = new HashMap<>();
        context.put("input", Map.of(
                "name", "Ada Lovelace",
                "amount", 1500,
                "tags", List.of("vip", "new"),
                "email", "  Ada@Example.COM "));
        context.put("execution", Map.of("id", "exec-1", "workflow", "loan_processing", "version", "1.0"));
        context.put("credit_score", Map.of("value", 742, "bureau", "experian"));
        context.put("fraud_risk", Map.of("level", "low", "score", 0.12));
        context.put("credit-check", Map.of("ok", true));
        context.put("items", List.of(10, 20, 30));
        context.put("i", 2);
        context.put("big", 10_000_000_000L);
        context.put("price", new BigDecimal("700.00"));
        context.put("ratio", 700.0);
        context.put("blank", "");
        context.put("no_items", List.of());
        context.put("no_fields", Map.of());
        context.put("explicit_null", null);
        return context;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // typed value for a single template, string for mixed text
                arguments("{{ .credit_score.value }}", 742),
                arguments("  {{ .credit_score.value }}\n", 742),
                arguments("Score: {{ .credit_score.value }}", "Score: 742"),
                arguments("{{ .input.tags }}", List.of("vip", "new")),
                arguments("tags={{ .input.tags }}", "tags=[\"vip\",\"new\"]"),
                arguments("{{ .fraud_risk.score }}", 0.12),
                arguments("{{ .execution.workflow }}", "loan_processing"),
                arguments("{{ true }}", true),
                arguments("{{ null }}", null),
                arguments("x{{ null }}y", "xy"),
                arguments("{{ .ratio }} / {{ .price }} / {{ 0.5 }}", "700 / 700 / 0.5"),
                arguments("{{ .credit_score.bureau }}-{{ .execution.id }}", "experian-exec-1"),
                arguments("no template here", "no template here"),
                // leading dot is optional
                arguments("{{ credit_score.value }}", 742),
                arguments("{{ .credit_score.value == credit_score.value }}", true),
                // missing data is null, never an error
                arguments("{{ .nope }}", null),
                arguments("{{ .nope.deeper.still }}", null),
                arguments("{{ .explicit_null.field }}", null),
                arguments("{{ .input.name.first }}", null),
                arguments("{{ .items[7] }}", null),
                arguments("{{ .items[-1] }}", null),
                arguments("{{ .items.first }}", null),
                arguments("{{ .items['0'] }}", null),
                arguments("{{ java.lang.Runtime }}", null),
                arguments("[{{ .nope }}]", "[]"),
                // index and bracket access
                arguments("{{ .items[0] }}", 10),
                arguments("{{ items[i] }}", 30),
                arguments("{{ .items[i - 1] }}", 20),
                arguments("{{ .input['name'] }}", "Ada Lovelace"),
                arguments("{{ .input[\"name\"] }}", "Ada Lovelace"),
                arguments("{{ .input.tags[1] }}", "new"),
                arguments("{{ .['credit-check'].ok }}", true),
                arguments("{{ .credit_score['val' + 'ue'] }}", 742),
                // comparisons
                arguments("{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}", true),
                arguments("{{ .credit_score.value > 800 && .fraud_risk.level == 'low' }}", false),
                arguments("{{ .credit_score.value >= 742 }}", true),
                arguments("{{ .credit_score.value <= 741 }}", false),
                arguments("{{ .nope > 700 }}", false),
                arguments("{{ .nope < 700 }}", false),
                arguments("{{ .nope >= .nope }}", false),
                arguments("{{ .nope == null }}", true),
                arguments("{{ null == null }}", true),
                arguments("{{ .nope != null }}", false),
                arguments("{{ .nope == 0 }}", false),
                arguments("{{ 700 == 700.0 }}", true),
                arguments("{{ .price == 700 }}", true),
                arguments("{{ .ratio == .price }}", true),
                arguments("{{ .big > 9999999999 }}", true),
                arguments("{{ 'abc' < 'abd' }}", true),
                arguments("{{ 'b' >= 'a' }}", true),
                arguments("{{ 1 == '1' }}", false),
                arguments("{{ 1 != '1' }}", true),
                arguments("{{ 1 < '2' }}", false),
                arguments("{{ .input.tags == .input.tags }}", true),
                // logic
                arguments("{{ !(.credit_score.value > 700) }}", false),
                arguments("{{ !.nope }}", true),
                arguments("{{ .nope || true }}", true),
                arguments("{{ .nope && true }}", false),
                arguments("{{ false && 1 / 0 > 0 }}", false),
                arguments("{{ true || 1 / 0 > 0 }}", true),
                // conditional
                arguments("{{ .fraud_risk.level == 'high' ? 'urgent' : 'normal' }}", "normal"),
                arguments("{{ .fraud_risk.level == 'low' ? 'urgent' : 'normal' }}", "urgent"),
                arguments("{{ .credit_score.value > 800 ? 'prime' : .credit_score.value > 700 ? 'near' : 'sub' }}", "near"),
                arguments("{{ .nope ? 1 : 2 }}", 2),
                arguments("{{ (.items[0] > 5 ? .items : .input.tags)[2] }}", 30),
                // arithmetic
                arguments("{{ 1 + 2 * 3 }}", 7),
                arguments("{{ (1 + 2) * 3 }}", 9),
                arguments("{{ 7 / 2 }}", 3.5),
                arguments("{{ 8 / 2 }}", 4),
                arguments("{{ 7 % 3 }}", 1),
                arguments("{{ 1 - -1 }}", 2),
                arguments("{{ -.input.amount }}", -1500),
                arguments("{{ .input.amount * 0.1 }}", 150.0),
                arguments("{{ .nope + 1 }}", null),
                arguments("{{ -.nope }}", null),
                arguments("{{ .big * 2 }}", 20_000_000_000L),
                arguments("{{ 2147483647 + 1 }}", 2_147_483_648L),
                arguments("{{ .price + 0.5 }}", new BigDecimal("700.50")),
                arguments("total: {{ .input.amount * 1.5 }}", "total: 2250"),
                // string concatenation
                arguments("{{ 'Dear ' + .input.name }}", "Dear Ada Lovelace"),
                arguments("{{ 'n=' + 1 }}", "n=1"),
                arguments("{{ .credit_score.value + ' points' }}", "742 points"),
                arguments("{{ 'x' + .nope }}", "x"),
                // string literals
                arguments("{{ 'it\\'s' }}", "it's"),
                arguments("{{ \"say \\\"hi\\\"\\n\" }}", "say \"hi\"\n"),
                arguments("{{ '\\u00e9' }}", "é"),
                arguments("{{ '{{ not a template }}' }}", "{{ not a template }}"),
                arguments("a {{ '}}' }} b", "a }} b"),
                // the whitelisted functions
                arguments("{{ len(.input.name) }}", 12),
                arguments("{{ len(.items) }}", 3),
                arguments("{{ len(.credit_score) }}", 2),
                arguments("{{ len(.nope) }}", 0),
                arguments("{{ lower(.input.name) }}", "ada lovelace"),
                arguments("{{ upper(.fraud_risk.level) }}", "LOW"),
                arguments("{{ trim(.input.email) }}", "Ada@Example.COM"),
                arguments("{{ lower(trim(.input.email)) }}", "ada@example.com"),
                arguments("{{ lower(.nope) }}", null),
                arguments("{{ contains(.input.name, 'Love') }}", true),
                arguments("{{ contains(.input.tags, 'vip') }}", true),
                arguments("{{ contains(.items, 20.0) }}", true),
                arguments("{{ contains(.input.tags, 'gold') }}", false),
                arguments("{{ contains(.credit_score, 'bureau') }}", true),
                arguments("{{ contains(.nope, 'x') }}", false),
                arguments("{{ startsWith(.input.name, 'Ada') }}", true),
                arguments("{{ endsWith(.input.name, 'Ada') }}", false),
                arguments("{{ startsWith(.nope, 'Ada') }}", false),
                arguments("{{ default(.nope, 'fallback') }}", "fallback"),
                arguments("{{ default(.input.amount, 0) }}", 1500),
                arguments("{{ string(.credit_score.value) }}", "742"),
                arguments("{{ string(.ratio) }}", "700"),
                arguments("{{ string(.nope) }}", ""),
                arguments("{{ string(.input.tags) }}", "[\"vip\",\"new\"]"),
                arguments("{{ number('42') }}", 42),
                arguments("{{ number(' 4.5 ') }}", 4.5),
                arguments("{{ number(.credit_score.value) }}", 742),
                arguments("{{ number(.nope) }}", null),
                arguments("{{ number('12') + 1 }}", 13),
                arguments("{{ empty(.nope) }}", true),
                arguments("{{ empty(.blank) }}", true),
                arguments("{{ empty(.no_items) }}", true),
                arguments("{{ empty(.no_fields) }}", true),
                arguments("{{ empty(.input.name) }}", false),
                arguments("{{ empty(0) }}", false));
    }

    @ParameterizedTest(name = "{0} evaluates to {1}")
    @MethodSource("table")
    void evaluatesAccordingToTheSemanticsTable(String template, Object expected) {
        Object value = Template.parse(template).evaluate(CONTEXT);

        if (expected == null) {
            assertThat(value).isNull();
        } else {
            assertThat(value).isEqualTo(expected).hasSameClassAs(expected);
        }
    }

    @Test
    void aTextWithoutTemplatesIsConstantAndReturnedUnchanged() {
        Template template = Template.parse("just {text} with } braces");

        assertThat(template.isConstant()).isTrue();
        assertThat(template.isSingleExpression()).isFalse();
        assertThat(template.evaluate(CONTEXT)).isEqualTo("just {text} with } braces");
        assertThat(template.source()).isEqualTo("just {text} with } braces");
    }

    @Test
    void aTextThatIsOneTemplateIsASingleExpression() {
        assertThat(Template.parse(" {{ .input }} ").isSingleExpression()).isTrue();
        assertThat(Template.parse("{{ .a }}{{ .b }}").isSingleExpression()).isFalse();
        assertThat(Template.parse("x {{ .a }}").isSingleExpression()).isFalse();
        assertThat(Template.parse("x {{ .a }}").isConstant()).isFalse();
    }

    @Test
    void aSingleTemplateReturnsTheContextValueItself() {
        Object tags = Template.parse("{{ .input.tags }}").evaluate(CONTEXT);

        assertThat(tags).isSameAs(((Map<?, ?>) CONTEXT.get("input")).get("tags"));
    }

    @Test
    void aNullContextIsAnEmptyContext() {
        assertThat(Template.parse("{{ .anything }}").evaluate(null)).isNull();
    }

    @Test
    void conditionIsTrueOnlyForTrue() {
        assertThat(Template.parse("{{ .credit_score.value > 700 }}").evaluateCondition(CONTEXT)).isTrue();
        assertThat(Template.parse("{{ .credit_score.value > 800 }}").evaluateCondition(CONTEXT)).isFalse();
        assertThat(Template.parse("{{ .nope }}").evaluateCondition(CONTEXT)).isFalse();
        assertThat(Template.parse("{{ .credit-check.ok }}").evaluateCondition(CONTEXT)).isFalse();
    }

    @Test
    void conditionRejectsAValueThatIsNotABoolean() {
        assertThatThrownBy(() -> Template.parse("{{ .input.name }}").evaluateCondition(CONTEXT))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).isEqualTo("condition must yield a boolean, got string");
                    assertThat(e.position()).isEqualTo(3);
                });
        assertThatThrownBy(() -> Template.parse("{{ .items }}").evaluateCondition(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("condition must yield a boolean, got list");
        assertThatThrownBy(() -> Template.parse("true").evaluateCondition(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("got string");
    }

    @Test
    void divisionByZeroFailsAtTheOperator() {
        Template template = Template.parse("{{ .input.amount / (.i - 2) }}");

        // Many times, so that both MVEL's first (reflective) and later (generated) accessors are exercised.
        for (int attempt = 0; attempt < 200; attempt++) {
            assertThatThrownBy(() -> template.evaluate(CONTEXT))
                    .isInstanceOfSatisfying(ExpressionException.class, e -> {
                        assertThat(e.reason()).isEqualTo("division by zero");
                        assertThat(e.position()).isEqualTo(17);
                        assertThat(e.source()).isEqualTo("{{ .input.amount / (.i - 2) }}");
                        assertThat(e.isRetryable()).isFalse();
                    });
        }
        assertThatThrownBy(() -> Template.parse("{{ 5 % 0 }}").evaluate(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("division by zero");
        assertThatThrownBy(() -> Template.parse("{{ 5.0 / 0.0 }}").evaluate(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("division by zero");
    }

    @Test
    void arithmeticOnAValueOfTheWrongTypeFailsAtEvaluation() {
        assertThatThrownBy(() -> Template.parse("{{ .items - 1 }}").evaluate(CONTEXT))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).isEqualTo("operator '-' expects numbers, got list and number");
                    assertThat(e.position()).isEqualTo(10);
                });
        assertThatThrownBy(() -> Template.parse("{{ -'x' }}").evaluate(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("operator '-' expects a number, got string");
    }

    @Test
    void logicalOperatorsRequireBooleans() {
        assertThatThrownBy(() -> Template.parse("{{ .credit_score.value && true }}").evaluate(CONTEXT))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).isEqualTo("expected a boolean, got number");
                    assertThat(e.position()).isEqualTo(23);
                });
        assertThatThrownBy(() -> Template.parse("{{ 'yes' ? 1 : 2 }}").evaluate(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expected a boolean, got string");
    }

    @Test
    void functionsRejectArgumentsOfTheWrongType() {
        assertThatThrownBy(() -> Template.parse("{{ lower(.credit_score.value) }}").evaluate(CONTEXT))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).isEqualTo("lower expects a string, got number");
                    assertThat(e.position()).isEqualTo(3);
                });
        assertThatThrownBy(() -> Template.parse("{{ number('12abc') }}").evaluate(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("cannot convert string '12abc' to a number");
        assertThatThrownBy(() -> Template.parse("{{ len(true) }}").evaluate(CONTEXT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("len expects a string, list or map, got boolean");
    }
}
