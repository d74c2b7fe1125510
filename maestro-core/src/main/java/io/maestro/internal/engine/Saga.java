package io.maestro.internal.engine;

import io.maestro.ErrorInfo;
import io.maestro.StepStatus;
import io.maestro.event.ExecutionEvent;
import io.maestro.spi.state.EntryType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import io.maestro.MaestroException;

/**
 * Undoes what a failed or cancelled execution did: every step that completed, or whose outcome
 * is unknown, and declares {@code compensate}, in reverse order of ending, one at a time. A
 * compensation that still fails after its retries does not stop the others.
 */
final class Saga {

    private final String executionId;
    private final Engine engine;
    private final ExecutionJournal journal;
    private final StepRunner runner;
    private final CompiledWorkflow compiled;
    private final Map<String, StepState> states;
    private final Map<String, Object> context;
    private final ErrorInfo error;
    private final AtomicReference<MaestroException> aborted;
    private final Scope scope;

    Saga(String executionId, Engine engine, ExecutionJournal journal, StepRunner runner, CompiledWorkflow compiled,
            Map<String, StepState> states, Map<String, Object> context, ErrorInfo error, AtomicReference<MaestroException> aborted,
            Scope scope) {
        this.executionId = executionId;
        this.engine = engine;
        this.journal = journal;
        this.runner = runner;
        this.compiled = compiled;
        this.states = states;
        this.context = context;
        this.error = error;
        this.aborted = aborted;
        this.scope = scope;
    }

    /** Completes with true when every needed compensation succeeded. */
    CompletableFuture<Boolean> run() {
        List<StepState> toUndo = new ArrayList<>();
        for (StepState s : states.values()) {
            if (s.needsCompensation() && compiled.plans.get(s.id).compensate() != null) {
                toUndo.add(s);
            }
        }
        toUndo.sort(Comparator.comparingLong(StepState::endOrder).reversed());
        // After a crash mid-saga, compensations that already failed stay failed.
        boolean earlierFailures = states.values().stream().anyMatch(s -> s.status() == StepStatus.COMPENSATION_FAILED);
        CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(!earlierFailures);
        for (StepState s : toUndo) {
            chain = chain.thenCompose(okSoFar -> compensate(s).thenApply(ok -> okSoFar && ok));
        }
        return chain;
    }

    private CompletableFuture<Boolean> compensate(StepState state) {
        if (aborted.get() != null) {
            return CompletableFuture.failedFuture(aborted.get());
        }
        StepPlan plan = compiled.plans.get(state.id).compensate();
        engine.events().emit(new ExecutionEvent.CompensationStarted(executionId, engine.clock().instant(), state.id));
        Object input;
        try {
            Map<String, Object> view;
            synchronized (context) {
                view = new HashMap<>(context);
            }
            view.put("error", error.toMap());
            input = plan.input() == null ? state.output() : plan.input().evaluate(view);
        } catch (RuntimeException e) {
            return failed(state, ErrorInfo.of(e, state.id));
        }
        // The saga's own scope: compensation runs even after cancellation or the deadline.
        return runner.call(plan, new StepState(state.id), input, scope).thenCompose(outcome -> {
            if (aborted.get() != null) {
                return CompletableFuture.failedFuture(aborted.get());
            }
            if (outcome.failure() != null) {
                return failed(state, ErrorInfo.of(outcome.failure(), state.id));
            }
            state.compensated(StepStatus.COMPENSATED, null);
            return journal.append(EntryType.COMPENSATION_COMPLETED, state.id, 0, Map.of()).toCompletableFuture().thenApply(v -> {
                engine.events().emit(new ExecutionEvent.CompensationCompleted(executionId, engine.clock().instant(), state.id));
                return true;
            });
        });
    }

    private CompletableFuture<Boolean> failed(StepState state, ErrorInfo failure) {
        state.compensated(StepStatus.COMPENSATION_FAILED, failure);
        return journal.append(EntryType.COMPENSATION_FAILED, state.id, 0, Map.of("error", failure.toMap())).toCompletableFuture().thenApply(v -> {
            engine.events().emit(new ExecutionEvent.CompensationFailed(executionId, engine.clock().instant(), state.id, failure));
            return false;
        });
    }
}
