package io.maestro.grpc.internal;

/**
 * What makes two bindings share one channel: the same target and the same connection security.
 *
 * @param caFile PEM certificates to trust instead of the JDK's, or {@code null}
 * @param certFile client certificate chain for mutual TLS, or {@code null}
 * @param keyFile its private key, or {@code null}
 * @param authority the authority to send (and verify with TLS) instead of the target's, or {@code null}
 */
public record ChannelKey(String target, boolean plaintext, String caFile, String certFile, String keyFile, String authority) {

    @Override
    public String toString() {
        return target + (plaintext ? " (plaintext)" : " (TLS)");
    }
}
