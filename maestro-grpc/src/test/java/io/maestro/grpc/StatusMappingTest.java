package io.maestro.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** gRPC statuses as Maestro failures, calling the transport directly. */
class StatusMappingTest {

    private static GrpcFixture grpc;
    private static ServiceBinding echo;

    @BeforeAll
    static void start() {
        grpc = GrpcFixture.start();
        echo = grpc.binding(b -> b.service("maestro.test.v1.EchoService"));
    }

    @AfterAll
    static void stop() {
        grpc.close();
    }

    @ParameterizedTest(name = "{0} -> retryable {1}")
    @CsvSource({
            "UNAVAILABLE, true", "DEADLINE_EXCEEDED, true", "RESOURCE_EXHAUSTED, true", "ABORTED, true",
            "INVALID_ARGUMENT, false", "NOT_FOUND, false", "PERMISSION_DENIED, false", "UNAUTHENTICATED, false",
            "FAILED_PRECONDITION, false", "INTERNAL, false", "UNKNOWN, false", "UNIMPLEMENTED, false", "ALREADY_EXISTS, false"})
    void eachStatusBecomesAGrpcCodeRetryableOnlyWhenAnotherAttemptMayHelp(String status, boolean retryable) {
        MaestroException e = grpc.failure(echo, "Behave", Map.of("fail_with", status, "description", "the reason " + status));

        assertThat(e.code()).isEqualTo("grpc_" + status);
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains("maestro.test.v1.EchoService/Behave", status, "the reason " + status);
    }

    @Test
    void aRetryPushbackTrailerBecomesRetryAfter() {
        MaestroException e = grpc.failure(echo, "Behave", Map.of("fail_with", "RESOURCE_EXHAUSTED", "description", "pushback:1500"));

        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aSlowServerHitsTheDeadlineOfTheAttempt() {
        long start = System.nanoTime();
        MaestroException e = GrpcFixture.failure(grpc.start(echo, "Behave", Map.of("delay_ms", 5_000), Duration.ofMillis(200)));

        assertThat(e.code()).isEqualTo("grpc_DEADLINE_EXCEEDED");
        assertThat(e.isRetryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aServerThatIsDownIsUnavailableAndRetryable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free, and nothing listens once closed
        }
        ServiceBinding down = GrpcService.builder("127.0.0.1:" + port).plaintext().build();

        MaestroException reflective = grpc.failure(down, "VerifyIdentity", Map.of());
        MaestroException fromFile = grpc.failure(GrpcService.builder("127.0.0.1:" + port).plaintext()
                .descriptorSet(GrpcFixture.DESCRIPTOR_SET).build(), "VerifyIdentity", Map.of());

        assertThat(reflective.code()).isEqualTo("grpc_UNAVAILABLE");
        assertThat(reflective.isRetryable()).isTrue();
        assertThat(reflective.getMessage()).contains("server reflection of 127.0.0.1:" + port);
        assertThat(fromFile.code()).isEqualTo("grpc_UNAVAILABLE");
        assertThat(fromFile.isRetryable()).isTrue();
    }

    @Test
    void cancellingTheStageCancelsTheCallOnTheServer() throws InterruptedException {
        grpc.call(echo, "Behave", Map.of()); // learn the method first, so the call below is in flight at once
        CompletableFuture<Object> f = grpc.start(echo, "Behave", Map.of("delay_ms", 10_000), Duration.ofSeconds(30));
        Thread.sleep(100);

        f.cancel(true);

        assertThat(grpc.echo.cancellations.await(5, TimeUnit.SECONDS)).as("the server saw the call cancelled").isTrue();
    }

    @Test
    void aCallWithATimeoutOfDaysStillWorks() {
        assertThat(GrpcFixture.await(grpc.start(echo, "Behave", Map.of(), Duration.ofDays(10_000)))).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("calls");
    }

    @Test
    void aResponseLargerThanTheMaxMessageSizeFails() {
        ServiceBinding small = grpc.binding(b -> b.service("maestro.test.v1.EchoService").maxMessageSize(64));

        MaestroException e = grpc.failure(small, "Echo", Map.of("name", "x".repeat(1000)));

        assertThat(e.code()).isIn("grpc_RESOURCE_EXHAUSTED", "grpc_CANCELLED");
    }

    @Test
    void callsAfterCloseFailAsClosed() {
        GrpcTransport t = GrpcTransport.create();
        t.close();

        MaestroException e = GrpcFixture.failure(t.call(GrpcFixture.call(echo, "Behave", Map.of(), Duration.ofSeconds(1), 1)).toCompletableFuture());

        assertThat(e.code()).isEqualTo("closed");
    }
}
