package io.maestro.spi.transport;

/**
 * Creates a {@link Transport}; found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.maestro.spi.transport.TransportProvider}), so adding a transport
 * module to the class path is enough to serve its binding types.
 */
public interface TransportProvider {

    /** A new transport, owned (and closed) by one orchestrator. */
    Transport create();
}
