package io.maestro.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.maestro.grpc.testing.v1.BehaveReply;
import io.maestro.grpc.testing.v1.BehaveRequest;
import io.maestro.grpc.testing.v1.EchoServiceGrpc;
import io.maestro.grpc.testing.v1.Everything;
import io.maestro.grpc.testing.v1.PingReply;
import io.maestro.grpc.testing.v1.PingRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code maestro.test.v1.EchoService}: echoes, pings, and fails or waits as asked. */
public final class EchoTestService extends EchoServiceGrpc.EchoServiceImplBase {

    static final Metadata.Key<String> IDEMPOTENCY_KEY = Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

    private final Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "echo-timer");
        t.setDaemon(true);
        return t;
    });
    /** Counted down when a call is cancelled by the client. */
    public final CountDownLatch cancellations = new CountDownLatch(1);

    @Override
    public void echo(Everything request, StreamObserver<Everything> response) {
        response.onNext(request);
        response.onCompleted();
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PingReply> response) {
        response.onNext(PingReply.newBuilder().setText(request.getText()).setServedBy("EchoService").build());
        response.onCompleted();
    }

    @Override
    public void watch(PingRequest request, StreamObserver<PingReply> response) {
        response.onNext(PingReply.newBuilder().setText(request.getText()).build());
        response.onCompleted();
    }

    @Override
    public void behave(BehaveRequest request, StreamObserver<BehaveReply> response) {
        Metadata headers = Recorder.HEADERS.get();
        String key = headers == null || headers.get(IDEMPOTENCY_KEY) == null ? "" : headers.get(IDEMPOTENCY_KEY);
        int calls = callsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Context.current().addListener(c -> {
            if (c.isCancelled()) {
                cancellations.countDown();
            }
        }, Runnable::run);
        Runnable answer = () -> {
            if (!request.getFailWith().isEmpty() && (request.getFailTimes() == 0 || calls <= request.getFailTimes())) {
                Status status = Status.fromCode(Status.Code.valueOf(request.getFailWith())).withDescription(request.getDescription());
                Metadata trailers = new Metadata();
                if (request.getDescription().startsWith("pushback:")) {
                    trailers.put(PUSHBACK, request.getDescription().substring("pushback:".length()));
                }
                response.onError(status.asRuntimeException(trailers));
                return;
            }
            BehaveReply.Builder reply = BehaveReply.newBuilder().setCalls(calls);
            if (headers != null) {
                reply.putAllMetadata(Recorder.ascii(headers));
            }
            response.onNext(reply.build());
            response.onCompleted();
        };
        if (request.getDelayMs() > 0) {
            timer.schedule(() -> {
                try {
                    answer.run();
                } catch (RuntimeException e) {
                    // the call was cancelled meanwhile
                }
            }, request.getDelayMs(), TimeUnit.MILLISECONDS);
        } else {
            answer.run();
        }
    }
}
