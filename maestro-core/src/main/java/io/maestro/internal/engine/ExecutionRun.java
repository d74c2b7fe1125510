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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One execution from start to end: runs the steps, then (on failure or cancellation) the saga.
 * Each step's completion is journaled, and durable, before anything that depends on it runs.
 */
final class ExecutionRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    private final CompiledWorkflow compiled;
    private final Engine engine;
    private final ExecutionJournal journal;
    private final StepRunner runner;
    private final Scope root = new Scope(null);
    private final Map<String, Object> context = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, StepState> states = new LinkedHashMap<>();
    private final AtomicLong endOrder = new AtomicLong();
    /** The failure that stops the execution (first one wins). */
    private final AtomicReference<MaestroException> failure = new AtomicReference<>();
    /** The step whose failure stopped the execution, or null (deadline, cancellation, output). */
    private volatile String failedStepId;
    private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
    private volatile boolean cancelRequested;
    private Instant startedAt;

    ExecutionRun(String id, CompiledWorkflow compiled, Object input, Engine engine) {
        this.id = id;
        this.compiled = compiled;
        this.engine = engine;
        this.journal = new ExecutionJournal(id, engine.store(), engine.clock(), 0, null);
        this.runner = new StepRunner(engine, id, journal);
        for (CallStep s : compiled.callSteps) {
            states.put(s.id(), new StepState(s.id()));
        }
        context.put("input", input);
        context.put("execution", Map.of("id", id, "workflow", compiled.workflow.name(), "version", compiled.workflow.version()));
    }

    CompletableFuture<ExecutionResult> result() {
        return result;
    }

    CompletableFuture<ExecutionResult> start() {
        startedAt = engine.clock().instant();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("workflow", compiled.workflow.name());
        started.put("version", compiled.workflow.version());
        started.put("input", context.get("input"));
        journal.create(engine.owner(), engine.leaseTtl(), started).whenComplete((created, error) -> {
            if (error != null) {
                result.completeExceptionally(new MaestroException("state_store",
                        "could not journal the start of execution " + id + ": " + Failures.unwrap(error).getMessage(), false, error));
                return;
            }
            if (created.isEmpty()) {
                result.completeExceptionally(new MaestroException("execution_exists", "execution " + id + " already exists", false));
                return;
            }
            engine.events().emit(new ExecutionEvent.ExecutionStarted(id, engine.clock().instant(), compiled.workflow.name(), compiled.workflow.version()));
            ScheduledFuture<?> deadline = compiled.workflow.timeout() == null ? null
                    : engine.scheduler().schedule(() -> stop(new MaestroException("deadline",
                            "execution deadline of " + compiled.workflow.timeout() + " passed", false)),
                            compiled.workflow.timeout().toNanos(), TimeUnit.NANOSECONDS);
            sequence(compiled.workflow.steps(), 0, root)
                    .thenCompose(v -> finish())
                    .whenComplete((r, e) -> {
                        if (deadline != null) {
                            deadline.cancel(false);
                        }
                        if (e != null) {
                            result.completeExceptionally(Failures.unwrap(e));
                        } else {
                            result.complete(r);
                        }
                    });
        });
        return result;
    }

    /** Cancels the execution: in-flight calls are cancelled, then the saga runs. */
    void cancel() {
        cancelRequested = true;
        stop(new MaestroException("cancelled", "execution " + id + " was cancelled", false));
    }

    private void stop(MaestroException cause) {
        failure.compareAndSet(null, cause);
        root.markFailed();
        root.cancel(cause);
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
        Object input;
        try {
            if (plan.when() != null && !plan.when().evaluateCondition(context)) {
                state.skipped(engine.clock().instant());
                return journal.append(EntryType.STEP_SKIPPED, step.id(), 0, Map.of()).toCompletableFuture()
                        .thenRun(() -> engine.events().emit(new ExecutionEvent.StepSkipped(id, engine.clock().instant(), step.id())));
            }
            input = plan.input() == null ? context.get("input") : plan.input().evaluate(context);
        } catch (RuntimeException e) {
            // A bad step input fails the step, not the process.
            return stepFailed(step, state, Failures.of(e), false, scope);
        }
        return runner.call(plan, state, input, scope).thenCompose(outcome -> {
            if (outcome.failure() == null) {
                Object output;
                try {
                    output = data(outcome.result());
                } catch (IllegalArgumentException e) {
                    return stepFailed(step, state, new MaestroException("bad_response",
                            "service '" + plan.service() + "' returned something that is not JSON-like data: " + e.getMessage(), false), true, scope);
                }
                state.completed(output, engine.clock().instant(), endOrder.incrementAndGet());
                Map<String, Object> data = new HashMap<>();
                data.put("output", output);
                return journal.append(EntryType.STEP_COMPLETED, step.id(), state.attempts(), data).toCompletableFuture().thenRun(() -> {
                    context.put(step.outputName(), output);
                    engine.events().emit(new ExecutionEvent.StepCompleted(id, engine.clock().instant(), step.id(), state.attempts(),
                            state.toResult().duration()));
                });
            }
            return stepFailed(step, state, outcome.failure(), outcome.outcomeUnknown(), scope);
        });
    }

    private CompletableFuture<Void> stepFailed(CallStep step, StepState state, MaestroException error, boolean unknown, Scope scope) {
        ErrorInfo info = ErrorInfo.of(error, step.id());
        state.failed(info, unknown, engine.clock().instant(), endOrder.incrementAndGet());
        boolean goOn = step.onFailure() == OnFailure.CONTINUE && !Failures.isFinal(error);
        if (!goOn) {
            scope.markFailed();
            if (failure.compareAndSet(null, error)) {
                failedStepId = step.id();
            }
        }
        return journal.append(EntryType.STEP_FAILED, step.id(), state.attempts(), Map.of("error", info.toMap()))
                .toCompletableFuture().thenRun(() -> {
                    engine.events().emit(new ExecutionEvent.StepFailed(id, engine.clock().instant(), step.id(), state.attempts(), info));
                    if (goOn) {
                        context.put(step.outputName(), Map.of("error", info.toMap()));
                    }
                });
    }

    /** JSON-like, immutable data from whatever the transport returned. */
    @SuppressWarnings("unchecked")
    private static Object data(Object value) {
        try {
            return JsonValues.immutableCopy(value);
        } catch (IllegalArgumentException notJsonLike) {
            return JsonValues.immutableCopy(JSON.convertValue(value, Object.class));
        }
    }

    private CompletableFuture<ExecutionResult> finish() {
        MaestroException cause = failure.get();
        if (cause == null) {
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
        return new Saga(id, engine, journal, runner, compiled, states, context, error).run().thenCompose(allCompensated -> {
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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status.name());
        data.put("output", output);
        if (error != null) {
            data.put("error", error.toMap());
        }
        return journal.append(EntryType.EXECUTION_ENDED, null, 0, data).toCompletableFuture().thenApply(v -> {
            Instant now = engine.clock().instant();
            List<StepResult> steps = new ArrayList<>(states.size());
            states.values().forEach(s -> steps.add(s.toResult()));
            engine.events().emit(new ExecutionEvent.ExecutionEnded(id, now, status, error));
            return new ExecutionResult(id, compiled.workflow.name(), compiled.workflow.version(), status, output, steps, error, startedAt, now);
        });
    }
}
