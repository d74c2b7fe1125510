package io.maestro.internal.engine;

import io.maestro.event.ExecutionListener;
import io.maestro.model.Defaults;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.state.StateStore;
import io.maestro.spi.transport.Transport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** Everything an orchestrator is built from; {@code scheduler} null means "make one". */
public record EngineConfig(
        Map<String, ServiceBinding> services,
        List<Transport> transports,
        boolean discoverTransports,
        List<ExecutionListener> listeners,
        StateStore stateStore,
        Defaults defaults,
        Clock clock,
        ScheduledExecutorService scheduler,
        String instanceId,
        java.time.Duration leaseTtl,
        int maxRecoveries,
        java.time.Duration recoverEvery) {

    public EngineConfig {
        services = Map.copyOf(services);
        transports = List.copyOf(transports);
        listeners = List.copyOf(listeners);
    }
}
