package io.maestro.jdbc;

import io.maestro.spi.state.StateStore;
import io.maestro.spi.state.StateStoreProvider;

/**
 * Opens {@link JdbcStateStore}s from {@code sqlite:<path>}, {@code jdbc:sqlite:<path>} and
 * {@code jdbc:postgresql://…} locations; registered for {@link java.util.ServiceLoader}.
 */
public final class JdbcStateStoreProvider implements StateStoreProvider {

    @Override
    public boolean supports(String location) {
        return location.startsWith("sqlite:") || location.startsWith("jdbc:sqlite:") || location.startsWith("jdbc:postgresql:");
    }

    @Override
    public StateStore open(String location) {
        return JdbcStateStore.open(location);
    }
}
