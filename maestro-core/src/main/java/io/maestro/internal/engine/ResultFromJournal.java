package io.maestro.internal.engine;

import io.maestro.ExecutionResult;
import io.maestro.StepResult;
import java.util.ArrayList;
import java.util.List;

/** An {@link io.maestro.ExecutionResult} as the journal tells it (ended or not). */
final class ResultFromJournal {

    private ResultFromJournal() {
    }

    static ExecutionResult of(JournalFold fold) {
        List<StepResult> steps = new ArrayList<>();
        fold.steps.forEach((id, s) -> steps.add(new StepResult(id, s.status, s.attempts, s.startedAt, s.endedAt, s.output, s.error)));
        return new ExecutionResult(fold.executionId, fold.workflow.name(), fold.workflow.version(), fold.status(), fold.endOutput,
                steps, fold.error, fold.startedAt, fold.endedAt);
    }
}
