package io.maestro;

/** Where an execution stands. */
public enum ExecutionStatus {
    RUNNING,
    COMPENSATING,
    /** Every step completed or was skipped. */
    COMPLETED,
    /** A step failed and every needed compensation succeeded. */
    FAILED,
    /** A step failed and at least one compensation failed too; compensation can be retried. */
    COMPENSATION_FAILED,
    /** Cancelled by the caller; completed steps were compensated. */
    CANCELLED,
    /**
     * Recovery gave up after the execution crashed its process too many times; it waits for an
     * operator's {@code resume}.
     */
    PARKED;

    /** Whether the execution has ended for good (PARKED has not: it can be resumed by hand). */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == COMPENSATION_FAILED || this == CANCELLED;
    }
}
