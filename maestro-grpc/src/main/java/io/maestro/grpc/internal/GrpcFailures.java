package io.maestro.grpc.internal;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.maestro.MaestroException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Turns gRPC statuses into {@link MaestroException}s: code {@code grpc_<STATUS>}, retryable for
 * the statuses DESIGN §5 lists, the status description in the message.
 */
final class GrpcFailures {

    /** The statuses another attempt may cure. */
    public static final Set<Status.Code> RETRYABLE = EnumSet.of(
            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    /** The trailer by which a gRPC server asks clients to wait before retrying (gRFC A6). */
    static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcFailures() {
    }

    /**
     * @param what the call, e.g. {@code kyc_service kyc.v1.KycService/VerifyIdentity}
     * @param trailers may be {@code null}
     */
    public static MaestroException of(String what, Status status, Metadata trailers) {
        StringBuilder message = new StringBuilder(what).append(" failed: ").append(status.getCode());
        if (status.getDescription() != null && !status.getDescription().isBlank()) {
            message.append(": ").append(status.getDescription());
        }
        Throwable cause = status.getCause();
        if (cause != null) {
            message.append(" (").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                message.append(": ").append(cause.getMessage());
            }
            message.append(')');
            if (isTlsMismatch(cause)) {
                message.append("; the server may not speak TLS: set plaintext: true if it expects cleartext");
            }
        }
        return new MaestroException("grpc_" + status.getCode().name(), message.toString(),
                RETRYABLE.contains(status.getCode()), pushback(trailers), status.asRuntimeException(trailers));
    }

    /** A failure of any kind met while calling {@code what}, as a {@link MaestroException}. */
    public static MaestroException of(String what, Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof MaestroException m) {
            return m;
        }
        if (e instanceof StatusRuntimeException s) {
            return of(what, s.getStatus(), s.getTrailers());
        }
        if (e instanceof StatusException s) {
            return of(what, s.getStatus(), s.getTrailers());
        }
        if (e instanceof CancellationException) {
            return new MaestroException("grpc_CANCELLED", what + " was cancelled", false, e);
        }
        return new MaestroException("grpc_INTERNAL", what + " failed: " + e, false, e);
    }

    /** The failure behind the wrappers of {@code CompletableFuture}. */
    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static Duration pushback(Metadata trailers) {
        String ms = trailers == null ? null : trailers.get(RETRY_PUSHBACK);
        if (ms == null) {
            return null;
        }
        try {
            long v = Long.parseLong(ms.trim());
            return v < 0 ? null : Duration.ofMillis(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isTlsMismatch(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t.getClass().getSimpleName().equals("NotSslRecordException")) {
                return true;
            }
        }
        return false;
    }
}
