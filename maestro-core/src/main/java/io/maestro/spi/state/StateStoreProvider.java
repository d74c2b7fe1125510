package io.maestro.spi.state;

/**
 * Opens state stores from a location string ({@code sqlite:maestro.db},
 * {@code jdbc:postgresql://…}); found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.maestro.spi.state.StateStoreProvider}), so that tools like the
 * {@code maestro} command open any store on the class path. See {@link StateStores#open}.
 */
public interface StateStoreProvider {

    /** Whether this provider opens stores at {@code location}. */
    boolean supports(String location);

    /** A new store at {@code location}; the caller closes it. */
    StateStore open(String location);
}
