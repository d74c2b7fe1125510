package io.maestro.internal.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.ErrorInfo;
import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.StepResult;
import io.maestro.StepStatus;
import io.maestro.event.ExecutionEvent;
import io.maestro.internal.definition.WorkflowValidator;
import io.maestro.internal.policy.Failures;
import io.maestro.model.CallStep;
import io.maestro.model.JsonValues;
import io.maestro.model.OnFailure;
import io.maestro.model.ParallelBlock;
import io.maestro.model.Sequence;
import io.maestro.model.Step;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One execution from start (or resume) to end: runs the steps, then — on failure or
 * cancellation — the saga. Each step's outcome is journaled, and durable, before anything that
 * depends on it runs. A journal write that fails (the store is down, or another instance took
 * the execution over) aborts the run here without compensating: the journal stays as it was,
 * and whoever owns the execution next resumes it from there.
 */
final class ExecutionRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    private final CompiledWorkflow compiled;
    private final Engine engine;
    private final ExecutionJournal journal;
    private final StepRunner runner;
    private final Scope root = new Scope(null);
    /** Compensations run here: not cancelled by cancel() or the deadline, only by an abort. */
    private final Scope sagaScope = new Scope(null);
    private final Map<String, Object> context = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, StepState> states = new LinkedHashMap<>();
    private final AtomicLong endOrder;
    /** The failure that stops the execution (first one wins). */
    private final AtomicReference<MaestroException> failure = new AtomicReference<>();
    /** Set when this instance must stop touching the execution (journal write failed, lease lost). */
    private final AtomicReference<MaestroException> aborted = new AtomicReference<>();
    /** The step whose failure stopped the execution, or null (deadline, cancellation, output). */
    private volatile String failedStepId;
    private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
    /** Completes once the store has recorded the start (fails as {@link #result} does if it could not). */
    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final JournalFold resumed;
    private volatile boolean cancelRequested;
    /** Set when EXECUTION_ENDED is being written. */
    private volatile boolean ending;
    private Instant startedAt;

    /** A new execution. */
    ExecutionRun(String id, CompiledWorkflow compiled, Object input, Engine engine) {
        this(id, compiled, input, engine, null, null);
    }

    /** An execution resumed from its journal under {@code lease}. */
    ExecutionRun(String id, CompiledWorkflow compiled, Object input, Engine engine, JournalFold fold, Lease lease) {
        this.id = id;
        this.compiled = compiled;
        this.engine = engine;
        this.resumed = fold;
        this.journal = new ExecutionJournal(id, engine.store(), engine.clock(), fold == null ? 0 : fold.lastSequence, lease);
        this.runner = new StepRunner(engine, id, journal);
        this.endOrder = new AtomicLong(fold == null ? 0 : fold.lastSequence);
        for (CallStep s : compiled.callSteps) {
            states.put(s.id(), new StepState(s.id()));
        }
        context.put("input", input);
        context.put("execution", Map.of("id", id, "workflow", compiled.workflow.name(), "version", compiled.workflow.version()));
        if (fold != null) {
            restore(fold);
        }
    }

    private void restore(JournalFold fold) {
        fold.steps.forEach((stepId, s) -> states.get(stepId).restore(s.status, s.attempts, s.startedAt, s.endedAt, s.output, s.error,
                s.endOrder, s.unknown));
        context.putAll(fold.outputs);
        if (fold.sagaStarted || fold.error != null) {
            // Going straight to the saga: a step the crash interrupted may have acted.
            fold.steps.forEach((stepId, s) -> {
                if (s.status == StepStatus.RUNNING) {
                    states.get(stepId).failed(new ErrorInfo("outcome_unknown", "interrupted by a crash", false, stepId), true,
                            engine.clock().instant(), s.endOrder == 0 ? fold.lastSequence : s.endOrder);
                }
            });
        }
        if (fold.sagaStarted) {
            failure.set(new MaestroException(fold.error.code(), fold.error.message(), fold.error.retryable()));
            failedStepId = fold.error.stepId();
            cancelRequested = fold.cancelled;
        } else if (fold.error != null) {
            // A step had failed, and the crash came before the saga was journaled.
            failure.set(new MaestroException(fold.error.code(), fold.error.message(), fold.error.retryable()));
            failedStepId = fold.error.stepId();
        }
    }

    /** Completes when a new execution's start is journaled; fails as {@link #result()} does otherwise. */
    CompletableFuture<Void> accepted() {
        return accepted;
    }

    CompletableFuture<ExecutionResult> result() {
        return result;
    }

    Lease lease() {
        return journal.lease();
    }

    /** Starts a new execution: journals its start (with the definition), then runs it. */
    CompletableFuture<ExecutionResult> start(Map<String, Object> definition, String definitionHash, Map<String, Object> bindings) {
        startedAt = engine.clock().instant();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("workflow", compiled.workflow.name());
        started.put("version", compiled.workflow.version());
        started.put("input", context.get("input"));
        started.put("definition", definition);
        started.put("definition_hash", definitionHash);
        started.put("bindings", bindings);
        journal.create(engine.owner(), engine.leaseTtl(), started).whenComplete((created, error) -> {
            if (error != null) {
                MaestroException failed = new MaestroException("state_store",
                        "could not journal the start of execution " + id + ": " + Failures.unwrap(error).getMessage(), false, error);
                accepted.completeExceptionally(failed);
                result.completeExceptionally(failed);
            } else if (created.isEmpty()) {
                ExecutionExistsException exists = new ExecutionExistsException(id);
                accepted.completeExceptionally(exists);
                result.completeExceptionally(exists);
            } else {
                accepted.complete(null);
                engine.events().emit(new ExecutionEvent.ExecutionStarted(id, engine.clock().instant(), compiled.workflow.name(),
                        compiled.workflow.version()));
                run(compiled.workflow.timeout());
            }
        });
        return result;
    }

    /** Continues an execution rebuilt from its journal. */
    CompletableFuture<ExecutionResult> resume() {
        startedAt = resumed.startedAt;
        Duration left = compiled.workflow.timeout() == null ? null
                : compiled.workflow.timeout().minus(Duration.between(startedAt, engine.clock().instant()));
        if (resumed.parked) {
            journal.append(EntryType.EXECUTION_UNPARKED, null, 0, Map.of()).whenComplete((ok, e) -> {
                if (e != null) {
                    abort(e);
                    result.completeExceptionally(aborted.get());
                } else {
                    run(left);
                }
            });
        } else {
            run(left);
        }
        return result;
    }

    private void run(Duration deadlineIn) {
        ScheduledFuture<?> deadline = null;
        if (deadlineIn != null) {
            MaestroException passed = new MaestroException("deadline", "execution deadline of " + compiled.workflow.timeout() + " passed", false);
            if (deadlineIn.isNegative() || deadlineIn.isZero()) {
                stop(passed);
            } else {
                deadline = engine.scheduler().schedule(() -> stop(passed), deadlineIn.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        ScheduledFuture<?> timer = deadline;
        CompletableFuture<Void> steps = failure.get() != null ? CompletableFuture.completedFuture(null)
                : sequence(compiled.workflow.steps(), 0, root);
        steps.thenCompose(v -> finish()).whenComplete((r, e) -> {
            if (timer != null) {
                timer.cancel(false);
            }
            MaestroException abort = aborted.get();
            if (abort != null) {
                result.completeExceptionally(abort);
            } else if (e != null) {
                result.completeExceptionally(Failures.unwrap(e));
            } else {
                result.complete(r);
            }
        });
    }

    /** Cancels the execution: in-flight calls are cancelled, then the saga runs. */
    void cancel() {
        cancelRequested = true;
        stop(new MaestroException("cancelled", "execution " + id + " was cancelled", false));
    }

    /**
     * Another instance owns the execution now: stop here, write nothing more. Ignored once the
     * end is being written: a renewal that finds the execution ended says nothing about owners.
     */
    void leaseLost() {
        if (ending) {
            return;
        }
        abort(new io.maestro.spi.state.LeaseLostException(id, journal.lease() == null ? 0 : journal.lease().epoch()));
    }

    /** Stops here without compensating or writing more (the orchestrator is closing). */
    void abandon(MaestroException reason) {
        abort(reason);
    }

    private void stop(MaestroException cause) {
        failure.compareAndSet(null, cause);
        root.markFailed();
        root.cancel(cause);
    }

    private void abort(Throwable cause) {
        Throwable c = Failures.unwrap(cause);
        MaestroException reason = c instanceof MaestroException m ? m
                : new MaestroException("state_store", "journal write failed for execution " + id + ": " + c.getMessage(), false, c);
        if (aborted.compareAndSet(null, reason)) {
            stop(reason);
            sagaScope.cancel(reason);
        }
    }

    /** Appends, and aborts the run if the write fails; later steps then do nothing. */
    private CompletableFuture<Void> write(EntryType type, String stepId, int attempt, Map<String, Object> data) {
        if (aborted.get() != null) {
            return CompletableFuture.failedFuture(aborted.get());
        }
        return journal.append(type, stepId, attempt, data).toCompletableFuture().whenComplete((ok, e) -> {
            if (e != null) {
                abort(e);
            }
        });
    }

    private CompletableFuture<Void> sequence(List<Step> steps, int index, Scope scope) {
        if (index == steps.size() || scope.hasFailed() || scope.cancelCause() != null) {
            return CompletableFuture.completedFuture(null);
        }
        return step(steps.get(index), scope).thenCompose(v -> sequence(steps, index + 1, scope));
    }

    private CompletableFuture<Void> step(Step step, Scope scope) {
        if (step instanceof CallStep c) {
            return call(c, scope);
        }
        if (step instanceof Sequence s) {
            return sequence(s.steps(), 0, scope);
        }
        return parallel((ParallelBlock) step, scope);
    }

    private CompletableFuture<Void> parallel(ParallelBlock block, Scope scope) {
        Scope blockScope = scope.child();
        CompletableFuture<?>[] branches = new CompletableFuture<?>[block.branches().size()];
        for (int i = 0; i < branches.length; i++) {
            Scope branchScope = blockScope.child();
            branches[i] = step(block.branches().get(i), branchScope).whenComplete((v, e) -> {
                // fail_fast: the first failure stops the siblings still running.
                if (block.failFast() && branchScope.hasFailed()) {
                    blockScope.cancel(new MaestroException("cancelled", "cancelled because a sibling branch failed", false));
                }
            });
        }
        return CompletableFuture.allOf(branches);
    }

    private CompletableFuture<Void> call(CallStep step, Scope scope) {
        StepPlan plan = compiled.plans.get(step.id());
        StepState state = states.get(step.id());
        if (scope.cancelCause() != null) {
            return CompletableFuture.completedFuture(null);
        }
        switch (state.status()) {
            case COMPLETED, SKIPPED -> {
                // Done before a crash: its outcome is in the journal (and its output in the context).
                return CompletableFuture.completedFuture(null);
            }
            case FAILED -> {
                if (step.onFailure() != OnFailure.CONTINUE) {
                    scope.markFailed();
                }
                return CompletableFuture.completedFuture(null);
            }
            case RUNNING -> {
                // Started before a crash, outcome unknown. Call it again with the same key, unless
                // the step says that is unsafe.
                if (!step.idempotent()) {
                    return stepFailed(step, state, new MaestroException("outcome_unknown", "step '" + step.id()
                            + "' was interrupted by a crash with its outcome unknown, and is not idempotent: not called again", false), true, scope);
                }
            }
            default -> {
            }
        }
        Object input;
        try {
            if (plan.when() != null && !plan.when().evaluateCondition(context)) {
                state.skipped(engine.clock().instant());
                return write(EntryType.STEP_SKIPPED, step.id(), 0, Map.of())
                        .thenRun(() -> engine.events().emit(new ExecutionEvent.StepSkipped(id, engine.clock().instant(), step.id())));
            }
            input = plan.input() == null ? context.get("input") : plan.input().evaluate(context);
        } catch (RuntimeException e) {
            // A bad step input fails the step, not the process.
            return stepFailed(step, state, Failures.of(e), false, scope);
        }
        return runner.call(plan, state, input, scope).thenCompose(outcome -> {
            if (aborted.get() != null) {
                return CompletableFuture.failedFuture(aborted.get());
            }
            if (outcome.failure() == null) {
                Object output;
                try {
                    output = data(outcome.result());
                } catch (IllegalArgumentException e) {
                    return stepFailed(step, state, new MaestroException("bad_response",
                            "service '" + plan.service() + "' returned something that is not JSON-like data: " + e.getMessage(), false), true, scope);
                }
                state.completed(output, engine.clock().instant(), endOrder.incrementAndGet());
                // A singleton map (output may be null) is kept by the journal entry as it is, not copied.
                return write(EntryType.STEP_COMPLETED, step.id(), state.attempts(), Collections.singletonMap("output", output)).thenRun(() -> {
                    context.put(step.outputName(), output);
                    if (engine.events().enabled()) {
                        engine.events().emit(new ExecutionEvent.StepCompleted(id, engine.clock().instant(), step.id(), state.attempts(),
                                state.toResult().duration()));
                    }
                });
            }
            return stepFailed(step, state, outcome.failure(), outcome.outcomeUnknown(), scope);
        });
    }

    private CompletableFuture<Void> stepFailed(CallStep step, StepState state, MaestroException error, boolean unknown, Scope scope) {
        if (aborted.get() != null) {
            return CompletableFuture.failedFuture(aborted.get());
        }
        ErrorInfo info = ErrorInfo.of(error, step.id());
        state.failed(info, unknown, engine.clock().instant(), endOrder.incrementAndGet());
        boolean goOn = step.onFailure() == OnFailure.CONTINUE && !Failures.isFinal(error);
        if (!goOn) {
            scope.markFailed();
            if (failure.compareAndSet(null, error)) {
                failedStepId = step.id();
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("error", info.toMap());
        if (unknown) {
            data.put("outcome_unknown", true);
        }
        if (goOn) {
            data.put("continued", true);
        }
        return write(EntryType.STEP_FAILED, step.id(), state.attempts(), data).thenRun(() -> {
            engine.events().emit(new ExecutionEvent.StepFailed(id, engine.clock().instant(), step.id(), state.attempts(), info));
            if (goOn) {
                context.put(step.outputName(), Map.of("error", info.toMap()));
            }
        });
    }

    /**
     * JSON-like data from whatever the transport returned. The transport hands its result over
     * (see {@link io.maestro.spi.transport.Transport}), so JSON-like data is checked, not copied;
     * anything else (a record, a bean) is converted.
     */
    private static Object data(Object value) {
        try {
            JsonValues.requireJsonLike(value);
            return value;
        } catch (IllegalArgumentException notJsonLike) {
            return JsonValues.immutableCopy(JSON.convertValue(value, Object.class));
        }
    }

    private CompletableFuture<ExecutionResult> finish() {
        if (aborted.get() != null) {
            return CompletableFuture.failedFuture(aborted.get());
        }
        if (failure.get() == null) {
            Object output;
            try {
                output = output();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, Failures.of(e));
                return compensateAndEnd();
            }
            return end(ExecutionStatus.COMPLETED, output, null);
        }
        return compensateAndEnd();
    }

    private CompletableFuture<ExecutionResult> compensateAndEnd() {
        MaestroException cause = failure.get();
        ErrorInfo error = ErrorInfo.of(cause, failedStepId);
        CompletableFuture<Void> sagaStarted;
        if (resumed != null && resumed.sagaStarted) {
            sagaStarted = CompletableFuture.completedFuture(null);
        } else {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("error", error.toMap());
            data.put("cancelled", cancelRequested);
            sagaStarted = write(EntryType.SAGA_STARTED, null, 0, data);
        }
        return sagaStarted
                .thenCompose(v -> new Saga(id, engine, journal, runner, compiled, states, context, error, aborted, sagaScope).run())
                .thenCompose(allCompensated -> {
                    if (aborted.get() != null) {
                        return CompletableFuture.failedFuture(aborted.get());
                    }
                    ExecutionStatus status = !allCompensated ? ExecutionStatus.COMPENSATION_FAILED
                            : cancelRequested ? ExecutionStatus.CANCELLED : ExecutionStatus.FAILED;
                    return end(status, null, error);
                });
    }

    private Object output() {
        if (!compiled.output.isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            compiled.output.forEach((k, v) -> out.put(k, v.evaluate(context)));
            return Collections.unmodifiableMap(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (context) {
            context.forEach((k, v) -> {
                if (!WorkflowValidator.RESERVED.contains(k)) {
                    out.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(out);
    }

    private CompletableFuture<ExecutionResult> end(ExecutionStatus status, Object output, ErrorInfo error) {
        ending = true;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status.name());
        data.put("output", output);
        if (error != null) {
            data.put("error", error.toMap());
        }
        return write(EntryType.EXECUTION_ENDED, null, 0, data).thenApply(v -> {
            Instant now = engine.clock().instant();
            List<StepResult> steps = new ArrayList<>(states.size());
            states.values().forEach(s -> steps.add(s.toResult()));
            engine.events().emit(new ExecutionEvent.ExecutionEnded(id, now, status, error));
            return new ExecutionResult(id, compiled.workflow.name(), compiled.workflow.version(), status, output, steps, error, startedAt, now);
        });
    }
}
