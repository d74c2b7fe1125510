package io.maestro.bench.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.maestro.grpc.GrpcService;
import io.maestro.grpc.GrpcTransport;
import io.maestro.grpc.demo.DemoServer;
import io.maestro.grpc.demo.kyc.v1.KycServiceGrpc;
import io.maestro.grpc.demo.kyc.v1.VerifyIdentityRequest;
import io.maestro.grpc.demo.kyc.v1.VerifyIdentityResponse;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One unary call of {@code kyc.v1.KycService/VerifyIdentity} on a loopback server (the demo
 * server from maestro-grpc's test jar), three ways:
 * <ul>
 *   <li>{@code dynamicTransport}: {@link GrpcTransport}, as the engine calls it: a JSON-like map
 *       in, the method found by reflection (learnt once, in setup), a {@code DynamicMessage}
 *       request with a 10 s deadline and Maestro's four metadata entries, the response (with a
 *       Timestamp) turned back into a map;
 *   <li>{@code generatedFutureStub}: the generated future stub on a plain channel, the same
 *       request and metadata, callbacks on gRPC's executor as in the dynamic path (the fair
 *       baseline);
 *   <li>{@code generatedBlockingStub}: the generated blocking stub, whose callbacks run on the
 *       calling thread (gRPC's fastest unary path, for reference).
 * </ul>
 * Each invocation waits for its response, so the score is the latency of one call.
 *
 * <p>Run: {@code java -jar maestro-bench/target/maestro-benchmarks.jar DynamicGrpcCall}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class DynamicGrpcCallBenchmark {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private DemoServer server;
    private GrpcTransport transport;
    private ServiceCall call;
    private ManagedChannel channel;
    private KycServiceGrpc.KycServiceFutureStub futureStub;
    private KycServiceGrpc.KycServiceBlockingStub blockingStub;
    private VerifyIdentityRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = DemoServer.loan(0);

        transport = GrpcTransport.create();
        ServiceBinding binding = GrpcService.builder(server.endpoint()).plaintext().build();
        CallMetadata metadata = new CallMetadata("exec-1", "verify_identity", "exec-1:verify_identity", 1, false);
        call = new ServiceCall("kyc_service", binding, "VerifyIdentity", Map.of("applicant_id", "A-17", "amount", 25000), metadata, DEADLINE);
        dynamicTransport(); // learns the method by reflection

        channel = NettyChannelBuilder.forTarget(server.endpoint()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER), "exec-1:verify_identity");
        headers.put(Metadata.Key.of("maestro-execution-id", Metadata.ASCII_STRING_MARSHALLER), "exec-1");
        headers.put(Metadata.Key.of("maestro-step-id", Metadata.ASCII_STRING_MARSHALLER), "verify_identity");
        headers.put(Metadata.Key.of("maestro-attempt", Metadata.ASCII_STRING_MARSHALLER), "1");
        futureStub = KycServiceGrpc.newFutureStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        blockingStub = KycServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        request = VerifyIdentityRequest.newBuilder().setApplicantId("A-17").setAmount(25000).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        transport.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Benchmark
    public Object dynamicTransport() throws InterruptedException, ExecutionException {
        return transport.call(call).toCompletableFuture().get();
    }

    @Benchmark
    public VerifyIdentityResponse generatedFutureStub() throws InterruptedException, ExecutionException {
        return futureStub.withDeadlineAfter(DEADLINE.toNanos(), TimeUnit.NANOSECONDS).verifyIdentity(request).get();
    }

    @Benchmark
    public VerifyIdentityResponse generatedBlockingStub() {
        return blockingStub.withDeadlineAfter(DEADLINE.toNanos(), TimeUnit.NANOSECONDS).verifyIdentity(request);
    }
}
