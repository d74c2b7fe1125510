package io.maestro.spi.state;

/** The kinds of journal entry, in the order an execution usually writes them. */
public enum EntryType {
    /**
     * Data: {@code workflow}, {@code version}, {@code input}, {@code definition} (the workflow as
     * JSON-like data), {@code definition_hash}, {@code bindings} (the services as bound).
     */
    EXECUTION_STARTED,
    /** Written (and durable) before the call of {@code attempt}. */
    STEP_STARTED,
    /** Data: {@code output}. */
    STEP_COMPLETED,
    /** Data: {@code error} ({@code code}, {@code message}, {@code retryable}). */
    STEP_FAILED,
    /** The step's {@code when} was false or null. */
    STEP_SKIPPED,
    /** The execution stopped and compensation begins; data: {@code error}, {@code cancelled}. */
    SAGA_STARTED,
    COMPENSATION_STARTED,
    COMPENSATION_COMPLETED,
    /** Data: {@code error}. */
    COMPENSATION_FAILED,
    /** Data: {@code status}, {@code output}, {@code error}. */
    EXECUTION_ENDED,
    /** Recovery gave up after too many attempts; data: {@code reason}. Resumed only by hand. */
    EXECUTION_PARKED,
    /** A parked execution was resumed by hand. */
    EXECUTION_UNPARKED,
    /**
     * An execution that ended {@code COMPENSATION_FAILED} was reopened to retry its failed
     * compensations; an {@link #EXECUTION_ENDED} follows again.
     */
    EXECUTION_REOPENED
}
