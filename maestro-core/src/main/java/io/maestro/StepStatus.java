package io.maestro;

/** Where one step of an execution stands. */
public enum StepStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    /** Its {@code when} condition was false or null. */
    SKIPPED,
    FAILED,
    COMPENSATED,
    COMPENSATION_FAILED
}
