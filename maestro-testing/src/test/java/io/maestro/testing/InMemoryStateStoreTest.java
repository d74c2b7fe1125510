package io.maestro.testing;

import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.spi.state.StateStore;

class InMemoryStateStoreTest extends StateStoreContractTest {

    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}
