package io.maestro.spi.transport;

import io.maestro.model.ServiceBinding;
import java.time.Duration;
import java.util.Objects;

/**
 * One attempt of one call: what a {@link Transport} receives.
 *
 * @param service the service name used in the workflow
 * @param binding where the service lives
 * @param method the method as written in the workflow ({@code GetCreditScore},
 *     {@code "GET /scores/{id}"}, {@code kyc.v1.Kyc/Verify}…)
 * @param input the resolved request: a JSON-like value (maps, lists, strings, numbers,
 *     booleans, null), never holding templates
 * @param timeout how long this attempt may take; transports should pass it on as a deadline
 *     (the engine also cancels the returned stage when it passes)
 */
public record ServiceCall(String service, ServiceBinding binding, String method, Object input, CallMetadata metadata, Duration timeout) {

    public ServiceCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(timeout, "timeout");
    }
}
