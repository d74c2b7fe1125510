package io.maestro.grpc.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks a server's reflection service one question at a time, each on its own short stream.
 * Speaks {@code grpc.reflection.v1} and falls back to {@code grpc.reflection.v1alpha} (which
 * many servers expose alone) when the server answers UNIMPLEMENTED; the version that worked is
 * remembered. Thread-safe.
 */
final class ReflectionClient {

    private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1 =
            ServerReflectionGrpc.getServerReflectionInfoMethod();

    // v1alpha's messages are v1's, field for field (v1 was copied from it), so v1's classes read
    // and write them; only the method name differs.
    private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1ALPHA = V1.toBuilder()
            .setFullMethodName(MethodDescriptor.generateFullMethodName("grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo"))
            .setSchemaDescriptor(null)
            .build();

    private final Supplier<Channel> channel;
    private volatile MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> known;

    /** @param channel the channel to use now (it may be replaced between questions) */
    ReflectionClient(Supplier<Channel> channel) {
        this.channel = channel;
    }

    /** The answer, or a failure: a {@link io.grpc.StatusRuntimeException} (UNIMPLEMENTED when the server has no reflection). */
    CompletableFuture<ServerReflectionResponse> ask(ServerReflectionRequest request, Duration timeout) {
        MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method = known;
        if (method != null) {
            return ask(method, request, timeout);
        }
        return ask(V1, request, timeout)
                .thenApply(r -> {
                    known = V1;
                    return r;
                })
                .exceptionallyCompose(e -> {
                    if (Status.fromThrowable(e).getCode() != Status.Code.UNIMPLEMENTED) {
                        return CompletableFuture.failedFuture(e);
                    }
                    return ask(V1ALPHA, request, timeout).thenApply(r -> {
                        known = V1ALPHA;
                        return r;
                    });
                });
    }

    private CompletableFuture<ServerReflectionResponse> ask(MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method,
            ServerReflectionRequest request, Duration timeout) {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        ClientCall<ServerReflectionRequest, ServerReflectionResponse> call = channel.get().newCall(method,
                CallOptions.DEFAULT.withDeadlineAfter(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(ServerReflectionResponse message) {
                answer.complete(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (!status.isOk()) {
                    answer.completeExceptionally(status.asRuntimeException(trailers));
                } else {
                    answer.completeExceptionally(Status.INTERNAL
                            .withDescription("the reflection service closed the stream without answering").asRuntimeException());
                }
            }
        }, new Metadata());
        try {
            call.request(1);
            call.sendMessage(request);
            call.halfClose();
        } catch (RuntimeException e) {
            call.cancel("could not send the reflection request", e);
            answer.completeExceptionally(e);
        }
        return answer;
    }
}
