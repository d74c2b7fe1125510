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
     * Starting is idempotent: if the store already has an execution with this id and the same
     * input and definition, the stage completes with that execution's result (waiting for it to
     * end if it is still running); with a different input or definition the stage fails with a
     * {@link MaestroException} of code {@code execution_conflict}.
     */
    CompletionStage<ExecutionResult> start(Workflow workflow, Object input, String executionId);

    /**
     * Starts an execution like {@link #start(Workflow, Object, String)}, but completes as soon as
     * the state store has recorded its start — or found an identical execution already there —
     * rather than when it ends: what a server answering "202 Accepted" needs. The stage fails as
     * {@code start} does when the execution cannot start (a {@link MaestroException} of code
     * {@code execution_conflict} for the same id with a different input or definition, or
     * {@code state_store}).
     *
     * <pre>{@code
     * Submission s = orchestrator.submit(loan, input, "loan-42").toCompletableFuture().join();
     * // journaled: resumable from here on, even if this process dies
     * s.result().thenAccept(r -> log.info("{} ended {}", r.executionId(), r.status()));
     * }</pre>
     */
    CompletionStage<Submission> submit(Workflow workflow, Object input, String executionId);

    /**
     * Resumes an execution from its journal in the state store — after a crash, or a parked one —
     * using the definition recorded when it started (never today's file). Completed steps are not
     * called again; a step that was started but not finished is called again with the same
     * idempotency key (or, if not idempotent, failed as "outcome unknown" and compensated);
     * compensation in progress continues where it stopped. An execution that already ended
     * returns its recorded result; one running here returns its running stage.
     *
     * @throws IllegalArgumentException (through the stage) if the store has no such execution
     * @throws IllegalStateException (through the stage) if another instance holds a live lease on it
     */
    CompletionStage<ExecutionResult> resume(String executionId);

    /**
     * Takes over every execution of the store that is unfinished and whose owner's lease expired
     * (its instance crashed or was stopped), and resumes them. An execution taken over more than
     * {@code maxRecoveries} times is parked instead (status PARKED) until resumed by hand.
     *
     * @return the resumed executions' stages
     */
    java.util.List<CompletionStage<ExecutionResult>> recover();

    /**
     * Retries the compensations that failed in an execution that ended
     * {@link ExecutionStatus#COMPENSATION_FAILED}: those that succeeded are not run again, the
     * failed ones are called again (same idempotency keys, fresh retries), and the execution ends
     * FAILED (or CANCELLED) when they all succeed now, else COMPENSATION_FAILED again.
     *
     * @throws IllegalArgumentException (through the stage) if the store has no such execution
     * @throws IllegalStateException (through the stage) if it did not end COMPENSATION_FAILED
     */
    CompletionStage<ExecutionResult> retryCompensation(String executionId);

    /**
     * What the state store knows of an execution (running here, elsewhere, or ended), or empty
     * if it knows none.
     */
    java.util.Optional<ExecutionResult> status(String executionId);

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
