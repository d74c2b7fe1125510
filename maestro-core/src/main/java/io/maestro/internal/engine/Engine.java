package io.maestro.internal.engine;

import io.maestro.spi.state.StateStore;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** What every execution of one orchestrator shares. */
record Engine(StateStore store, Clock clock, ScheduledExecutorService scheduler, Events events) {
}
