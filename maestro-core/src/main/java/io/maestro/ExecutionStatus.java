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
    CANCELLED;

    public boolean isTerminal() {
        return this != RUNNING && this != COMPENSATING;
    }
}
