package io.maestro.internal.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TemplateConcurrencyTest {

    private static final int THREADS = 8;
    private static final int EVALUATIONS = 5_000;

    @Test
    void oneTemplateEvaluatesCorrectlyFromManyThreadsAtOnce() throws Exception {
        // Fresh templates, so MVEL's lazy optimisation of the compiled expression also happens concurrently.
        Template condition = Template.parse("{{ .credit_score.value > 700 && .fraud_risk.level == 'low' }}");
        Template message = Template.parse("{{ .input.name }} scored {{ .credit_score.value * 2 }}");
        Template typed = Template.parse("{{ .input.tags[.credit_score.value % 2] }}");
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(executor.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < EVALUATIONS; i++) {
                        int score = 650 + thread * 20 + i % 7;
                        String name = "client-" + thread + "-" + i;
                        Map<String, Object> context = Map.of(
                                "input", Map.of("name", name, "tags", List.of("even", "odd")),
                                "credit_score", Map.of("value", score),
                                "fraud_risk", Map.of("level", i % 2 == 0 ? "low" : "high"));

                        assertThat(condition.evaluateCondition(context)).isEqualTo(score > 700 && i % 2 == 0);
                        assertThat(message.evaluate(context)).isEqualTo(name + " scored " + score * 2);
                        assertThat(typed.evaluate(context)).isEqualTo(score % 2 == 0 ? "even" : "odd");
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(EVALUATIONS);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
