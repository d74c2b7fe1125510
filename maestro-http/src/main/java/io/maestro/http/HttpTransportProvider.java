package io.maestro.http;

import io.maestro.spi.transport.Transport;
import io.maestro.spi.transport.TransportProvider;

/**
 * Makes {@link HttpTransport} available through {@link java.util.ServiceLoader}: each
 * orchestrator gets its own transport (and so its own {@code HttpClient}), closed with it.
 */
public final class HttpTransportProvider implements TransportProvider {

    @Override
    public Transport create() {
        return HttpTransport.create();
    }
}
