package io.maestro.grpc;

import io.maestro.MaestroException;
import io.maestro.grpc.demo.DemoServer;
import io.maestro.grpc.demo.FraudDemoService;
import io.maestro.grpc.demo.KycDemoService;
import io.maestro.grpc.demo.LoanDemoService;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A real gRPC server on loopback (the test services and the loan demo services, recorded) and a
 * {@link GrpcTransport} to call it directly.
 */
public final class GrpcFixture implements AutoCloseable {

    /** The descriptor set the build writes for src/test/proto (with imports). */
    public static final Path DESCRIPTOR_SET = descriptorSet();

    public final Recorder recorder = new Recorder();
    public final EchoTestService echo = new EchoTestService();
    public final LoanDemoService loans = new LoanDemoService();
    public final DemoServer server;
    public final GrpcTransport transport = GrpcTransport.create();

    private GrpcFixture(DemoServer.Reflection reflection) {
        server = DemoServer.builder()
                .service(echo).service(new AuditTestService())
                .service(new KycDemoService()).service(new FraudDemoService()).service(loans)
                .interceptor(recorder)
                .reflection(reflection)
                .start();
    }

    public static GrpcFixture start() {
        return new GrpcFixture(DemoServer.Reflection.V1_AND_V1ALPHA);
    }

    public static GrpcFixture start(DemoServer.Reflection reflection) {
        return new GrpcFixture(reflection);
    }

    /** A plaintext binding of the server, by reflection. */
    ServiceBinding binding() {
        return binding(b -> b);
    }

    ServiceBinding binding(UnaryOperator<GrpcService.Builder> settings) {
        return settings.apply(GrpcService.builder(server.endpoint()).plaintext()).build();
    }

    Object call(ServiceBinding binding, String method, Object input) {
        return await(start(binding, method, input, Duration.ofSeconds(10)));
    }

    MaestroException failure(ServiceBinding binding, String method, Object input) {
        return failure(start(binding, method, input, Duration.ofSeconds(10)));
    }

    CompletableFuture<Object> start(ServiceBinding binding, String method, Object input, Duration timeout) {
        return transport.call(call(binding, method, input, timeout, 1)).toCompletableFuture();
    }

    static ServiceCall call(ServiceBinding binding, String method, Object input, Duration timeout, int attempt) {
        return new ServiceCall("svc", binding, method, input, new CallMetadata("exec-1", "step-1", "exec-1:step-1", attempt, false), timeout);
    }

    static Object await(CompletableFuture<Object> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static MaestroException failure(CompletableFuture<Object> f) {
        try {
            Object value = f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MaestroException m) {
                return m;
            }
            throw new AssertionError("expected a MaestroException", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static Path descriptorSet() {
        try {
            return Path.of(GrpcFixture.class.getResource("/descriptor-sets/maestro-demo.pb").toURI());
        } catch (Exception e) {
            throw new IllegalStateException("the build writes target/test-classes/descriptor-sets/maestro-demo.pb", e);
        }
    }

    @Override
    public void close() {
        transport.close();
        server.close();
    }
}
