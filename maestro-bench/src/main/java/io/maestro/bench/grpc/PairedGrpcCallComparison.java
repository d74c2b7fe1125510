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
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The comparison of {@link DynamicGrpcCallBenchmark} made robust to a machine shared with other
 * work: short blocks of dynamic calls and of generated-future-stub calls alternate, so that both
 * see the same background load, and the median of the per-pair ratios is reported (a slow spell
 * moves both members of a pair, not the ratio).
 *
 * <p>Run: {@code java -cp maestro-bench/target/maestro-benchmarks.jar
 * io.maestro.bench.grpc.PairedGrpcCallComparison [pairs=300] [callsPerBlock=200] [warmupPairs=100]}
 */
public final class PairedGrpcCallComparison {

    private PairedGrpcCallComparison() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Duration deadline = Duration.ofSeconds(10);
        try (DemoServer server = DemoServer.loan(0); GrpcTransport transport = GrpcTransport.create()) {
            ServiceCall call = new ServiceCall("kyc_service", GrpcService.builder(server.endpoint()).plaintext().build(), "VerifyIdentity",
                    Map.of("applicant_id", "A-17", "amount", 25000),
                    new CallMetadata("exec-1", "verify_identity", "exec-1:verify_identity", 1, false), deadline);
            ManagedChannel channel = NettyChannelBuilder.forTarget(server.endpoint()).usePlaintext().build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER), "exec-1:verify_identity");
            headers.put(Metadata.Key.of("maestro-execution-id", Metadata.ASCII_STRING_MARSHALLER), "exec-1");
            headers.put(Metadata.Key.of("maestro-step-id", Metadata.ASCII_STRING_MARSHALLER), "verify_identity");
            headers.put(Metadata.Key.of("maestro-attempt", Metadata.ASCII_STRING_MARSHALLER), "1");
            KycServiceGrpc.KycServiceFutureStub stub = KycServiceGrpc.newFutureStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            VerifyIdentityRequest request = VerifyIdentityRequest.newBuilder().setApplicantId("A-17").setAmount(25000).build();

            List<Double> dynamic = new ArrayList<>();
            List<Double> generated = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int p = 0; p < warmup + pairs; p++) {
                boolean dynamicFirst = p % 2 == 0; // neither side always runs first
                double d = 0;
                double g = 0;
                for (int side = 0; side < 2; side++) {
                    long start = System.nanoTime();
                    if ((side == 0) == dynamicFirst) {
                        for (int i = 0; i < perBlock; i++) {
                            transport.call(call).toCompletableFuture().get();
                        }
                        d = (System.nanoTime() - start) / 1000.0 / perBlock;
                    } else {
                        for (int i = 0; i < perBlock; i++) {
                            stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).verifyIdentity(request).get();
                        }
                        g = (System.nanoTime() - start) / 1000.0 / perBlock;
                    }
                }
                if (p >= warmup) {
                    dynamic.add(d);
                    generated.add(g);
                    ratios.add(d / g);
                }
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            System.out.printf("pairs %d of %d calls each (after %d warm-up pairs)%n", pairs, perBlock, warmup);
            System.out.printf("dynamic GrpcTransport:  median %.1f us/call%n", percentile(dynamic, 50));
            System.out.printf("generated future stub:  median %.1f us/call%n", percentile(generated, 50));
            System.out.printf("ratio dynamic/generated: median %.3f (p25 %.3f, p75 %.3f)%n",
                    percentile(ratios, 50), percentile(ratios, 25), percentile(ratios, 75));
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.round(p / 100.0 * (sorted.size() - 1))));
    }
}
