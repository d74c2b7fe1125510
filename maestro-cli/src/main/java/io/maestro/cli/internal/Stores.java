package io.maestro.cli.internal;

import io.maestro.spi.state.StateStore;
import io.maestro.spi.state.StateStores;

/** {@code --store memory | sqlite:<path> | jdbc:postgresql://…}, opened by the store modules on the class path. */
public final class Stores {

    /** Where executions are kept when {@code --store} is not given: a SQLite file in the working directory. */
    public static final String DEFAULT = "sqlite:maestro.db";

    private Stores() {
    }

    public static StateStore open(String location) {
        if (!location.equals("memory") && !location.startsWith("sqlite:") && !location.startsWith("jdbc:")) {
            throw new UsageError("unknown store '" + location + "': expected memory, sqlite:<path> or jdbc:postgresql://host/db?user=…&password=…");
        }
        try {
            return StateStores.open(location);
        } catch (RuntimeException e) {
            throw new UsageError("cannot open store '" + location + "': " + e.getMessage());
        }
    }
}
