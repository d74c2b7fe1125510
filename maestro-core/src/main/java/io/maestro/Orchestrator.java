package io.maestro;

import io.maestro.model.Workflow;
import java.util.concurrent.CompletionStage;

/**
 * Runs workflows. Thread-safe and meant to be shared: it owns its transports, schedulers and
 * circuit breakers, so build one per application and {@link #close()} it on shutdown.
 *
 * <pre>{@code
 * try (Orchestrator orchestrator = Orchestrator.builder()
 *         .service("credit_bureau", HttpService.of("http://localhost:8081"))
 *         .listener(event -> log.info("{}", event))
 *         .build()) {
 *     ExecutionResult r = orchestrator.run(loan, Map.of("applicant_id", "A-17"));
 * }
 * }</pre>
 *
 * <p>Starting an execution validates that every service the workflow names is bound and served
 * by a transport, and throws {@link DefinitionException} otherwise, before anything runs. Every
 * other failure (a service error, a bad step input, a timeout) is reported in the
 * {@link ExecutionResult}, not thrown.
 */
public interface Orchestrator extends AutoCloseable {

    static OrchestratorBuilder builder() {
        return new OrchestratorBuilder();
    }

    /**
     * Runs an execution and waits for it to end.
     *
     * @param input the workflow input: a JSON-like value, usually a {@code Map<String, ?>}
     */
    ExecutionResult run(Workflow workflow, Object input);

    /** Starts an execution with a generated id; the stage completes when it ends. */
    CompletionStage<ExecutionResult> start(Workflow workflow, Object input);

    /**
     * Starts an execution with the caller's id (letters, digits, {@code _ - . :}, at most 128).
     *
     * @throws IllegalStateException if an execution with this id is already running here
     */
    CompletionStage<ExecutionResult> start(Workflow workflow, Object input, String executionId);

    /**
     * Cancels a running execution: in-flight calls are cancelled, completed steps are
     * compensated, and the execution ends {@link ExecutionStatus#CANCELLED}.
     *
     * @return false if no such execution is running here
     */
    boolean cancel(String executionId);

    /** Stops accepting executions and releases transports, stores and threads. */
    @Override
    void close();
}
