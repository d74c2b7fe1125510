package io.maestro.jdbc.internal;

/** The {@code executions.status} column: what recovery needs to know, not the engine's status. */
public enum ExecutionStatus {
    /** Not ended; recoverable once its lease expires. */
    RUNNING,
    /** Ended: never recoverable, appends refused — until a reopen makes it RUNNING again. */
    ENDED,
    /** Recovery gave up; only an explicit (forced) claim takes it back. */
    PARKED
}
