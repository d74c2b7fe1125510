package io.maestro.grpc;

import io.maestro.spi.transport.Transport;
import io.maestro.spi.transport.TransportProvider;

/**
 * Makes {@link GrpcTransport} available through {@link java.util.ServiceLoader}: each
 * orchestrator gets its own transport (and so its own channels), closed with it.
 */
public final class GrpcTransportProvider implements TransportProvider {

    @Override
    public Transport create() {
        return GrpcTransport.create();
    }
}
