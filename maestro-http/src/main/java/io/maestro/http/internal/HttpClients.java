package io.maestro.http.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The {@link HttpClient}s of one transport: one shared client for every binding that uses the
 * JDK's default trust, plus one per distinct custom trust store (a TLS context is per client).
 * All share one executor. Redirects are never followed; host names are always verified.
 * Clients are created on first use: an orchestrator that never calls an http service pays
 * nothing for having this module on its class path.
 */
public final class HttpClients implements AutoCloseable {

    private final Executor executor;
    private final Map<TrustSettings, HttpClient> byTrust = new ConcurrentHashMap<>();
    private final boolean ownsShared;
    private volatile HttpClient shared;

    /**
     * @param given the client for bindings without a custom trust store, owned by the caller, or
     *     {@code null} to create one on first use
     */
    public HttpClients(Executor executor, HttpClient given) {
        this.executor = executor;
        this.shared = given;
        this.ownsShared = given == null;
    }

    /**
     * The client for a binding's trust settings, creating it (and reading the trust store) on
     * first use.
     *
     * @throws IllegalArgumentException when the trust store cannot be read
     */
    public HttpClient client(TrustSettings trust) {
        if (trust == null) {
            HttpClient client = shared;
            if (client == null) {
                synchronized (this) {
                    client = shared;
                    if (client == null) {
                        shared = client = build(defaultContext());
                    }
                }
            }
            return client;
        }
        return byTrust.computeIfAbsent(trust, t -> {
            try {
                return build(t.sslContext());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read trust store " + t.path() + ": " + e, new UncheckedIOException(e));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot use trust store " + t.path() + ": " + e.getMessage(), e);
            }
        });
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    private HttpClient build(SSLContext context) {
        SSLParameters tls = context.getDefaultSSLParameters();
        // Set explicitly so that the JDK-wide switch that disables host name checks has no effect here.
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_2)
                .executor(executor)
                .sslContext(context)
                .sslParameters(tls)
                .build();
    }

    /** Aborts in-flight exchanges and frees connections on Java 21+ (Java 17's client has no close). */
    @Override
    public void close() {
        HttpClient client = shared;
        if (client != null && ownsShared) {
            shutdownNow(client);
        }
        byTrust.values().forEach(HttpClients::shutdownNow);
        byTrust.clear();
    }

    private static void shutdownNow(HttpClient client) {
        try {
            Method m = HttpClient.class.getMethod("shutdownNow");
            m.invoke(client);
        } catch (NoSuchMethodException java17) {
            // its selector thread ends once the client is unreachable
        } catch (ReflectiveOperationException | RuntimeException e) {
            // closing is best effort
        }
    }
}
