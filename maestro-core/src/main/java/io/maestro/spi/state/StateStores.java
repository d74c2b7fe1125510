package io.maestro.spi.state;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens a state store from a location: {@code memory} for an {@link InMemoryStateStore}, anything
 * else through the {@link StateStoreProvider}s on the class path.
 *
 * <pre>{@code
 * StateStore store = StateStores.open("sqlite:maestro.db");   // with maestro-jdbc on the class path
 * }</pre>
 */
public final class StateStores {

    private StateStores() {
    }

    /**
     * @throws IllegalArgumentException when no provider supports the location
     */
    public static StateStore open(String location) {
        if (location.equals("memory")) {
            return new InMemoryStateStore();
        }
        List<String> providers = new ArrayList<>();
        for (StateStoreProvider p : ServiceLoader.load(StateStoreProvider.class)) {
            if (p.supports(location)) {
                return p.open(location);
            }
            providers.add(p.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("no state store for '" + location + "': expected memory"
                + (providers.isEmpty() ? " (no store module such as maestro-jdbc is on the class path)" : " or a location " + providers + " supports"));
    }
}
