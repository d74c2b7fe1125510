package io.maestro.http;

import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds calls as the engine would, and waits for their outcome. */
final class Calls {

    static final CallMetadata METADATA = new CallMetadata("exec-1", "credit_check", "exec-1:credit_check", 1, false);

    private Calls() {
    }

    static ServiceCall call(ServiceBinding binding, String method, Object input) {
        return call(binding, method, input, Duration.ofSeconds(5));
    }

    static ServiceCall call(ServiceBinding binding, String method, Object input, Duration timeout) {
        return new ServiceCall("credit_bureau", binding, method, input, METADATA, timeout);
    }

    static Object result(CompletionStage<Object> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
        }
    }

    static MaestroException failure(CompletionStage<Object> stage) throws InterruptedException, TimeoutException {
        try {
            Object value = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MaestroException m) {
                return m;
            }
            throw new AssertionError("expected a MaestroException, got " + e.getCause(), e.getCause());
        }
    }
}
