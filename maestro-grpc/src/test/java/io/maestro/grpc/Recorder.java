package io.maestro.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A server interceptor recording every call received (method and metadata), and making the
 * metadata available to the service through {@link #HEADERS}.
 */
public final class Recorder implements ServerInterceptor {

    static final Context.Key<Metadata> HEADERS = Context.key("headers");

    /** One call as the server saw it. */
    public record Received(String method, Map<String, String> metadata) {
    }

    private final ConcurrentLinkedQueue<Received> calls = new ConcurrentLinkedQueue<>();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        calls.add(new Received(call.getMethodDescriptor().getFullMethodName(), ascii(headers)));
        return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
    }

    static Map<String, String> ascii(Metadata headers) {
        Map<String, String> out = new TreeMap<>();
        for (String key : headers.keys()) {
            if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                out.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
            }
        }
        return out;
    }

    public List<Received> calls() {
        return List.copyOf(calls);
    }

    public List<Received> calls(String fullMethodName) {
        return calls.stream().filter(c -> c.method().equals(fullMethodName)).toList();
    }

    /** How many reflection streams were opened (v1 and v1alpha). */
    public long reflectionCalls() {
        return calls.stream().filter(c -> c.method().startsWith("grpc.reflection.")).count();
    }

    public void clear() {
        calls.clear();
    }
}
