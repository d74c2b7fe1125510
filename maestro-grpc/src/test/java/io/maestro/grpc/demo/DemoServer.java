package io.maestro.grpc.demo;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC server (Netty, on the loopback interface) for demos and tests, with server
 * reflection so that Maestro can call it knowing only its address.
 *
 * <pre>{@code
 * try (DemoServer loan = DemoServer.loan(0)) {            // port 0: any free port
 *     ServiceBinding kyc = GrpcService.builder(loan.endpoint()).plaintext().build();
 * }
 * }</pre>
 *
 * <p>Run the loan services alone with {@code java … io.maestro.grpc.demo.DemoServer [port]}
 * (default 50051).
 */
public final class DemoServer implements AutoCloseable {

    /** Which reflection services the server offers. */
    public enum Reflection {
        /** {@code grpc.reflection.v1} and {@code grpc.reflection.v1alpha}, as grpc-java servers usually do. */
        V1_AND_V1ALPHA,
        /** {@code grpc.reflection.v1alpha} alone, as many older servers in other languages do. */
        V1ALPHA_ONLY,
        NONE
    }

    private final Server server;

    private DemoServer(Server server) {
        this.server = server;
    }

    /** The loan example's gRPC services (KYC, fraud detection, loans) on {@code port} (0: any free port). */
    public static DemoServer loan(int port) {
        return builder().port(port).service(new KycDemoService()).service(new FraudDemoService()).service(new LoanDemoService()).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** Stops at once, cancelling the calls in flight. */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 50051;
        DemoServer s = loan(port);
        System.out.println("loan demo services (kyc.v1.KycService, fraud.v1.FraudDetection, loan.v1.LoanService) on " + s.endpoint());
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        s.server.awaitTermination();
    }

    /** Configures a {@link DemoServer}. */
    public static final class Builder {

        private int port;
        private final List<BindableService> services = new ArrayList<>();
        private final List<ServerInterceptor> interceptors = new ArrayList<>();
        private Reflection reflection = Reflection.V1_AND_V1ALPHA;
        private byte[] certChain;
        private byte[] privateKey;

        private Builder() {
        }

        /** 0 (the default): any free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder service(BindableService service) {
            services.add(service);
            return this;
        }

        /** Applied to every service, reflection included (the last one added runs first). */
        public Builder interceptor(ServerInterceptor interceptor) {
            interceptors.add(interceptor);
            return this;
        }

        public Builder reflection(Reflection reflection) {
            this.reflection = reflection;
            return this;
        }

        /** Serves TLS with this PEM certificate chain and PKCS#8 key. */
        public Builder tls(InputStream certChain, InputStream privateKey) {
            try (certChain; privateKey) {
                this.certChain = certChain.readAllBytes();
                this.privateKey = privateKey.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public DemoServer start() {
            NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
            if (certChain != null) {
                b.useTransportSecurity(new java.io.ByteArrayInputStream(certChain), new java.io.ByteArrayInputStream(privateKey));
            }
            List<BindableService> all = new ArrayList<>(services);
            if (reflection == Reflection.V1_AND_V1ALPHA) {
                all.add(ProtoReflectionServiceV1.newInstance());
            }
            if (reflection != Reflection.NONE) {
                all.add(legacyReflection());
            }
            for (BindableService s : all) {
                ServerServiceDefinition d = s.bindService();
                b.addService(ServerInterceptors.intercept(d, interceptors));
            }
            try {
                return new DemoServer(b.build().start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a gRPC server on 127.0.0.1:" + port, e);
            }
        }

        @SuppressWarnings("deprecation") // the v1alpha service is what we want to offer
        private static BindableService legacyReflection() {
            return ProtoReflectionService.newInstance();
        }
    }
}
