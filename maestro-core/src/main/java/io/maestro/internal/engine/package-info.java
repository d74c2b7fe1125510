/**
 * The execution engine: compiles a workflow once per orchestrator, then runs executions by
 * composing {@link java.util.concurrent.CompletionStage}s, so no thread waits on a service call.
 */
package io.maestro.internal.engine;
