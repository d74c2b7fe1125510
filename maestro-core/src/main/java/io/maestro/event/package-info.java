/**
 * Events an orchestrator emits while it runs executions: subscribe with
 * {@code Orchestrator.builder().listener(event -> …)}.
 */
package io.maestro.event;
