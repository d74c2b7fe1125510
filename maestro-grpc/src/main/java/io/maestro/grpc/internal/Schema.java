package io.maestro.grpc.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.maestro.MaestroException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * What one server offers, as far as Maestro has learnt it (by reflection, or from a descriptor
 * set): finds the method a step names and keeps what it found. Concurrent first calls of a
 * method share one lookup; failed lookups are not kept, so the next attempt asks again.
 * Thread-safe.
 */
abstract class Schema {

    private static final int MAX_LISTED = 40;

    /** The files learnt so far. */
    protected final FileLinker files = new FileLinker();

    private final ConcurrentMap<MethodKey, CompletableFuture<ResolvedMethod>> methods = new ConcurrentHashMap<>();

    /** Where the descriptions come from, for messages: {@code server reflection of localhost:50051}. */
    public abstract String source();

    /**
     * A service by full name; fails with {@link UnknownServiceException} when the source does not
     * know it, or with the reason it could not be described.
     */
    protected abstract CompletableFuture<ServiceDescriptor> service(String fullName, Duration timeout);

    /** The full names of every service the source describes. */
    protected abstract CompletableFuture<List<String>> serviceNames(Duration timeout);

    /** A message type known to this schema (for {@code google.protobuf.Any}), or {@code null}. */
    public Descriptor messageType(String fullName) {
        return files.messageType(fullName);
    }

    /**
     * The unary method {@code method} names ({@code Name}, {@code pkg.Service/Name} or
     * {@code pkg.Service.Name}); a short name is looked up in {@code service} when given,
     * otherwise in every service of the source. Fails with a {@link MaestroException}:
     * {@code grpc_method_not_found}, {@code grpc_ambiguous_method} or
     * {@code grpc_unsupported_method} (not retryable, listing the candidates), or the failure of
     * asking the server.
     *
     * @param service the binding's service, or {@code null}
     */
    public CompletableFuture<ResolvedMethod> method(String service, String method, Duration timeout) {
        MethodKey key = new MethodKey(service, method);
        CompletableFuture<ResolvedMethod> found = methods.get(key);
        if (found != null) {
            return found;
        }
        return memo(methods, key, () -> resolve(service, method, timeout));
    }

    private CompletableFuture<ResolvedMethod> resolve(String bindingService, String method, Duration timeout) {
        MethodName name;
        try {
            name = MethodName.parse(method);
        } catch (MaestroException e) {
            return CompletableFuture.failedFuture(e);
        }
        String service = name.service() != null ? name.service() : bindingService;
        if (service == null) {
            return search(name.method(), timeout);
        }
        return service(service, timeout)
                .thenApply(s -> inService(s, name.method()))
                .exceptionallyCompose(e -> GrpcFailures.unwrap(e) instanceof UnknownServiceException
                        ? serviceNames(timeout).thenApply(names -> {
                            throw new MaestroException("grpc_method_not_found", "no service " + service + " in " + source()
                                    + Suggestions.didYouMean(service, names) + "; services: " + listed(names), false);
                        })
                        : CompletableFuture.failedFuture(e));
    }

    private ResolvedMethod inService(ServiceDescriptor service, String method) {
        MethodDescriptor m = service.findMethodByName(method);
        if (m == null) {
            List<String> names = service.getMethods().stream().map(MethodDescriptor::getName).toList();
            throw new MaestroException("grpc_method_not_found", service.getFullName() + " in " + source() + " has no method "
                    + method + Suggestions.didYouMean(method, names) + "; methods: " + listed(names), false);
        }
        return unary(m);
    }

    private CompletableFuture<ResolvedMethod> search(String method, Duration timeout) {
        return serviceNames(timeout).thenCompose(names -> {
            List<String> searched = names.stream().filter(n -> !n.startsWith("grpc.reflection.")).toList();
            List<CompletableFuture<ServiceDescriptor>> described = new ArrayList<>();
            for (String n : searched) {
                // A service that cannot be described is left out of the search, not fatal to it;
                // failing to reach the server still is.
                described.add(service(n, timeout).exceptionally(e -> {
                    Throwable cause = GrpcFailures.unwrap(e);
                    if (cause instanceof UnknownServiceException || cause instanceof IllegalArgumentException) {
                        return null;
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                }));
            }
            return CompletableFuture.allOf(described.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                List<MethodDescriptor> matches = new ArrayList<>();
                List<String> all = new ArrayList<>();
                List<String> undescribed = new ArrayList<>();
                for (int i = 0; i < described.size(); i++) {
                    ServiceDescriptor s = described.get(i).join();
                    if (s == null) {
                        undescribed.add(searched.get(i));
                        continue;
                    }
                    for (MethodDescriptor m : s.getMethods()) {
                        all.add(s.getFullName() + "/" + m.getName());
                        if (m.getName().equals(method)) {
                            matches.add(m);
                        }
                    }
                }
                if (matches.size() == 1) {
                    return unary(matches.get(0));
                }
                if (matches.isEmpty()) {
                    List<String> shortNames = all.stream().map(f -> f.substring(f.indexOf('/') + 1)).toList();
                    List<String> close = Suggestions.closest(method, shortNames);
                    String hint = close.isEmpty() ? "" : "; did you mean " + all.get(shortNames.indexOf(close.get(0))) + "?";
                    throw new MaestroException("grpc_method_not_found", "no service in " + source() + " has a method " + method
                            + hint + "; methods: " + listed(all)
                            + (undescribed.isEmpty() ? "" : "; services that could not be described: " + undescribed), false);
                }
                List<String> candidates = matches.stream().map(m -> m.getService().getFullName() + "/" + m.getName()).toList();
                throw new MaestroException("grpc_ambiguous_method", "method " + method + " is offered by several services in "
                        + source() + ": " + String.join(", ", candidates) + "; write the full name (such as "
                        + candidates.get(0) + ") or set the binding's service", false);
            });
        });
    }

    private static ResolvedMethod unary(MethodDescriptor m) {
        if (m.isClientStreaming() || m.isServerStreaming()) {
            throw new MaestroException("grpc_unsupported_method", m.getService().getFullName() + "/" + m.getName()
                    + " is a streaming method; Maestro calls unary methods only", false);
        }
        return ResolvedMethod.of(m);
    }

    private static String listed(List<String> names) {
        if (names.isEmpty()) {
            return "(none)";
        }
        if (names.size() <= MAX_LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_LISTED)) + " and " + (names.size() - MAX_LISTED) + " more";
    }

    /**
     * The value being computed for {@code key}, or a new computation; one that fails is removed
     * so that the next caller tries again.
     */
    protected static <K, V> CompletableFuture<V> memo(ConcurrentMap<K, CompletableFuture<V>> cache, K key,
            Supplier<CompletableFuture<V>> compute) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = cache.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        CompletableFuture<V> computed;
        try {
            computed = compute.get();
        } catch (RuntimeException e) {
            computed = CompletableFuture.failedFuture(e);
        }
        computed.whenComplete((v, e) -> {
            if (e != null) {
                cache.remove(key, mine);
                mine.completeExceptionally(e);
            } else {
                mine.complete(v);
            }
        });
        return mine;
    }

    /** The source does not know a service (a lookup's answer, not a failure to ask). */
    protected static final class UnknownServiceException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public UnknownServiceException(String service) {
            super(service, null, false, false);
        }
    }

    private record MethodKey(String service, String method) {
        MethodKey {
            Objects.requireNonNull(method);
        }
    }
}
