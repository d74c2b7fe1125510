package io.maestro.jdbc;

import io.maestro.spi.state.StateStore;
import io.maestro.testing.StateStoreContractTest;
import org.junit.jupiter.api.AfterAll;

/** The state-store contract on a real PostgreSQL (see {@link PostgresFixture}), a fresh schema per test. */
class PostgresStateStoreTest extends StateStoreContractTest {

    @Override
    protected StateStore newStore() throws Exception {
        return JdbcStateStore.postgresBuilder(PostgresFixture.urlFor(PostgresFixture.newSchema()), null, null)
                .poolSize(4)
                .build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresFixture.dropSchemas();
    }
}
