package io.maestro.internal.engine;

import io.maestro.spi.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every execution of one orchestrator shares.
 *
 * @param owner this orchestrator instance's name in leases
 * @param leaseTtl how long a lease lasts unless renewed (renewed every third of it)
 */
record Engine(StateStore store, Clock clock, ScheduledExecutorService scheduler, Events events, String owner, Duration leaseTtl) {
}
