package io.maestro.internal.engine;

import io.maestro.MaestroException;

/** Starting with an id the store already holds; the orchestrator turns it into idempotent start. */
final class ExecutionExistsException extends MaestroException {

    private static final long serialVersionUID = 1L;

    ExecutionExistsException(String id) {
        super("execution_exists", "execution " + id + " already exists", false);
    }
}
