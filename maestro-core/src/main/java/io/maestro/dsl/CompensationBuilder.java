package io.maestro.dsl;

import io.maestro.model.Compensation;
import io.maestro.model.RetrySpec;
import java.time.Duration;

/** Builds a step's {@link Compensation}; the service defaults to the step's own. */
public final class CompensationBuilder {

    private String service;
    private String method;
    private Object input;
    private RetrySpec retry;
    private Duration timeout;

    CompensationBuilder() {
    }

    public CompensationBuilder service(String service) {
        this.service = service;
        return this;
    }

    public CompensationBuilder method(String method) {
        this.method = method;
        return this;
    }

    public CompensationBuilder input(Object input) {
        this.input = input;
        return this;
    }

    public CompensationBuilder retry(RetrySpec retry) {
        this.retry = retry;
        return this;
    }

    public CompensationBuilder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Compensation build() {
        return new Compensation(service, method, input, retry, timeout);
    }
}
