package io.maestro.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.maestro.MaestroException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * A server's services as its reflection service describes them: {@code list_services} for the
 * names, {@code file_containing_symbol} for a service's file (servers send its imports along;
 * any they leave out are asked for with {@code file_by_filename}, recursively). Each service is
 * described once per channel. Thread-safe.
 */
final class ReflectionSchema extends Schema {

    // A file graph deeper than this is surely a server answering nonsense.
    private static final int MAX_ROUNDS = 32;

    private final ReflectionClient client;
    private final String endpoint;
    private final ConcurrentMap<String, CompletableFuture<ServiceDescriptor>> services = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<List<String>>> names = new ConcurrentHashMap<>();

    ReflectionSchema(Supplier<Channel> channel, String endpoint) {
        this.client = new ReflectionClient(channel);
        this.endpoint = endpoint;
    }

    @Override
    public String source() {
        return "the services of " + endpoint + " (server reflection)";
    }

    @Override
    protected CompletableFuture<List<String>> serviceNames(Duration timeout) {
        return memo(names, "", () -> ask(ServerReflectionRequest.newBuilder().setListServices("*").build(), timeout)
                .thenApply(r -> {
                    if (r.hasErrorResponse()) {
                        throw failure("listing the services", r);
                    }
                    return r.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).sorted().toList();
                }));
    }

    @Override
    protected CompletableFuture<ServiceDescriptor> service(String fullName, Duration timeout) {
        ServiceDescriptor known = files.service(fullName);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return memo(services, fullName, () -> ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(fullName).build(), timeout)
                .thenCompose(r -> {
                    if (r.hasErrorResponse()) {
                        if (r.getErrorResponse().getErrorCode() == Status.Code.NOT_FOUND.value()) {
                            throw new UnknownServiceException(fullName);
                        }
                        throw failure("describing " + fullName, r);
                    }
                    Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
                    add(protos, r, fullName);
                    return complete(protos, timeout, 0);
                })
                .thenApply(protos -> {
                    try {
                        files.link(protos);
                    } catch (DescriptorValidationException e) {
                        throw new IllegalArgumentException("the server's description of " + fullName + " is invalid: " + e.getMessage(), e);
                    }
                    ServiceDescriptor s = files.service(fullName);
                    if (s == null) {
                        // the symbol exists but is not a service (a message, say)
                        throw new UnknownServiceException(fullName);
                    }
                    return s;
                }));
    }

    /** Asks for the imports the server left out, until every one is known. */
    private CompletableFuture<Map<String, FileDescriptorProto>> complete(Map<String, FileDescriptorProto> protos, Duration timeout, int round) {
        Set<String> missing = files.missing(protos);
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(protos);
        }
        if (round >= MAX_ROUNDS) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the server's files import too deeply: still missing " + missing));
        }
        List<CompletableFuture<ServerReflectionResponse>> asked = new ArrayList<>();
        List<String> order = new ArrayList<>(missing);
        for (String file : order) {
            asked.add(ask(ServerReflectionRequest.newBuilder().setFileByFilename(file).build(), timeout));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            for (int i = 0; i < asked.size(); i++) {
                ServerReflectionResponse r = asked.get(i).join();
                if (r.hasErrorResponse()) {
                    throw new IllegalArgumentException("the server could not describe " + order.get(i) + ", which its files import: "
                            + r.getErrorResponse().getErrorMessage());
                }
                add(protos, r, order.get(i));
            }
            return complete(protos, timeout, round + 1);
        });
    }

    private static void add(Map<String, FileDescriptorProto> protos, ServerReflectionResponse r, String asked) {
        for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            try {
                FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
                protos.putIfAbsent(p.getName(), p);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("the server sent an unreadable file descriptor for " + asked, e);
            }
        }
    }

    private CompletableFuture<ServerReflectionResponse> ask(ServerReflectionRequest request, Duration timeout) {
        return ask(request, timeout, true);
    }

    private CompletableFuture<ServerReflectionResponse> ask(ServerReflectionRequest request, Duration timeout, boolean again) {
        return client.ask(request, timeout).exceptionallyCompose(e -> {
            Status status = Status.fromThrowable(e);
            if (status.getCode() == Status.Code.UNAVAILABLE && again) {
                // A lookup is read-only, so it is asked once more: a server being redeployed closes the
                // channel's connection with a GOAWAY, and a lookup racing it fails where the next one,
                // on a new connection, succeeds.
                return ask(request, timeout, false);
            }
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                return CompletableFuture.failedFuture(new MaestroException("grpc_UNIMPLEMENTED", endpoint
                        + " does not offer server reflection (neither grpc.reflection.v1 nor v1alpha): enable it on the server,"
                        + " or give the binding a descriptor_set", false, e));
            }
            return CompletableFuture.failedFuture(GrpcFailures.of("server reflection of " + endpoint, status, null));
        });
    }

    private MaestroException failure(String what, ServerReflectionResponse r) {
        Status.Code code = Status.fromCodeValue(r.getErrorResponse().getErrorCode()).getCode();
        return new MaestroException("grpc_" + code.name(), "server reflection of " + endpoint + " failed " + what + ": "
                + code + ": " + r.getErrorResponse().getErrorMessage(), GrpcFailures.RETRYABLE.contains(code));
    }
}
