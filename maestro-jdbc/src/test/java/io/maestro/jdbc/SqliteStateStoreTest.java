package io.maestro.jdbc;

import io.maestro.spi.state.StateStore;
import io.maestro.testing.StateStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The state-store contract on SQLite, a fresh file per test. */
class SqliteStateStoreTest extends StateStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected StateStore newStore() {
        return JdbcStateStore.sqlite(dir.resolve("maestro.db"));
    }
}
