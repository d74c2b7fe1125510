package io.maestro.dsl;

import io.maestro.model.CallStep;
import io.maestro.model.Compensation;
import io.maestro.model.OnFailure;
import io.maestro.model.RetrySpec;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Builds one {@link CallStep}.
 *
 * <pre>{@code
 * s -> s.call("loan_service", "AutoApprove")
 *       .when("{{ .credit_score.value > 700 }}")
 *       .output("approval")
 *       .retry(RetrySpec.none())
 *       .compensate(c -> c.method("CancelApproval").input(Map.of("loan_id", "{{ .approval.loan_id }}")))
 * }</pre>
 */
public final class StepBuilder {

    private final String id;
    private String service;
    private String method;
    private Object input;
    private String output;
    private String when;
    private Duration timeout;
    private RetrySpec retry;
    private Compensation compensation;
    private OnFailure onFailure = OnFailure.FAIL;
    private boolean idempotent = true;

    StepBuilder(String id) {
        this.id = id;
    }

    static CallStep build(String id, Consumer<StepBuilder> spec) {
        StepBuilder b = new StepBuilder(id);
        spec.accept(b);
        return b.build();
    }

    public StepBuilder call(String service, String method) {
        this.service = service;
        this.method = method;
        return this;
    }

    /** The request: any JSON-like value whose strings may hold templates. */
    public StepBuilder input(Object input) {
        this.input = input;
        return this;
    }

    public StepBuilder output(String name) {
        this.output = name;
        return this;
    }

    /** A template that must yield a boolean; false or null skips the step. */
    public StepBuilder when(String condition) {
        this.when = condition;
        return this;
    }

    /** Per-attempt timeout. */
    public StepBuilder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public StepBuilder retry(RetrySpec retry) {
        this.retry = retry;
        return this;
    }

    public StepBuilder compensate(Consumer<CompensationBuilder> spec) {
        CompensationBuilder b = new CompensationBuilder();
        spec.accept(b);
        this.compensation = b.build();
        return this;
    }

    public StepBuilder onFailure(OnFailure onFailure) {
        this.onFailure = onFailure;
        return this;
    }

    /** False: after a crash with this step's outcome unknown, do not call it again. */
    public StepBuilder idempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    CallStep build() {
        return new CallStep(id == null ? "" : id, service, method, input, output, when, timeout, retry, compensation, onFailure, idempotent);
    }
}
