package io.maestro.grpc.internal;

import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One unary call through grpc-java's generic call API, completing a future that, when
 * cancelled, cancels the call (so the server sees CANCELLED and the stream is released).
 */
final class UnaryCall extends ClientCall.Listener<DynamicMessage> {

    private final CompletableFuture<Object> result;
    private final Function<DynamicMessage, Object> decode;
    private final BiFunction<Status, Metadata, Throwable> failure;
    private DynamicMessage response; // written and read on the call's serialized listener executor

    private UnaryCall(CompletableFuture<Object> result, Function<DynamicMessage, Object> decode,
            BiFunction<Status, Metadata, Throwable> failure) {
        this.result = result;
        this.decode = decode;
        this.failure = failure;
    }

    /**
     * Starts the call; {@code result} completes with the decoded response or with
     * {@code failure}'s exception for a status other than OK.
     */
    static void start(Channel channel, ResolvedMethod method, CallOptions options, Metadata headers, DynamicMessage request,
            CompletableFuture<Object> result, Function<DynamicMessage, Object> decode, BiFunction<Status, Metadata, Throwable> failure) {
        ClientCall<DynamicMessage, DynamicMessage> call = channel.newCall(method.rpc(), options);
        try {
            call.start(new UnaryCall(result, decode, failure), headers);
            call.request(2); // two, so that a server sending more than one message is caught
            call.sendMessage(request);
            call.halfClose();
        } catch (RuntimeException | Error e) {
            call.cancel("could not send the request", e);
            throw e;
        }
        // After start: a stage cancelled meanwhile cancels the call at once.
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                call.cancel("cancelled by Maestro: the attempt timed out or the execution was cancelled", null);
            }
        });
    }

    @Override
    public void onMessage(DynamicMessage message) {
        if (response != null) {
            result.completeExceptionally(failure.apply(Status.INTERNAL.withDescription("more than one response to a unary call"), null));
            return;
        }
        response = message;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
        if (!status.isOk()) {
            result.completeExceptionally(failure.apply(status, trailers));
        } else if (response == null) {
            result.completeExceptionally(failure.apply(Status.INTERNAL.withDescription("the server sent no response"), trailers));
        } else {
            Object value;
            try {
                value = decode.apply(response);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            result.complete(value);
        }
    }
}
