package io.maestro.model;

/** What a failed step does to its execution. */
public enum OnFailure {
    /** The execution fails and compensates (the default). */
    FAIL,
    /** The step's error is bound as {@code <output> = {error: {...}}} and the workflow goes on. */
    CONTINUE
}
