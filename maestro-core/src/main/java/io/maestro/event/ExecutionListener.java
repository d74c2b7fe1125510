package io.maestro.event;

/**
 * Receives every {@link ExecutionEvent} of an orchestrator. Called synchronously on the thread
 * that made the change, possibly from several threads at once: keep it quick and thread-safe.
 * An exception thrown by a listener is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ExecutionListener {

    void onEvent(ExecutionEvent event);
}
