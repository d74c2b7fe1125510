package io.maestro.cli.internal;

import io.maestro.jdbc.JdbcStateStore;
import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.spi.state.StateStore;

/** {@code --store memory | sqlite:<path> | jdbc:postgresql://…}. */
public final class Stores {

    /** Where executions are kept when {@code --store} is not given: a SQLite file in the working directory. */
    public static final String DEFAULT = "sqlite:maestro.db";

    private Stores() {
    }

    public static StateStore open(String location) {
        if (location.equals("memory")) {
            return new InMemoryStateStore();
        }
        if (location.startsWith("sqlite:") || location.startsWith("jdbc:sqlite:") || location.startsWith("jdbc:postgresql:")) {
            try {
                return JdbcStateStore.open(location);
            } catch (RuntimeException e) {
                throw new UsageError("cannot open store '" + location + "': " + e.getMessage());
            }
        }
        throw new UsageError("unknown store '" + location + "': expected memory, sqlite:<path> or jdbc:postgresql://host/db?user=…&password=…");
    }
}
