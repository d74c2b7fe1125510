package io.maestro.internal.engine;

import io.maestro.ErrorInfo;
import io.maestro.ExecutionStatus;
import io.maestro.StepStatus;
import io.maestro.internal.definition.WorkflowCodec;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution rebuilt from its journal: what each step did, what the context held, whether the
 * saga had begun, and how the execution ended (if it did). Resume continues from here.
 */
final class JournalFold {

    /** One step as the journal tells it. */
    static final class StepFold {
        StepStatus status = StepStatus.PENDING;
        int attempts;
        Instant startedAt;
        Instant endedAt;
        Object output;
        ErrorInfo error;
        long endOrder;
        boolean unknown;
        /** It completed, or failed with its outcome unknown: a compensation is owed. */
        boolean compensable;
        /** Started (an attempt or its compensation) with no outcome written: the crash hit it. */
        boolean inDoubt;
        boolean compensationInDoubt;
    }

    final String executionId;
    final Workflow workflow;
    final String definitionHash;
    final Map<String, ServiceBinding> bindings;
    final Object input;
    final Instant startedAt;
    final Map<String, StepFold> steps = new LinkedHashMap<>();
    /** Bound outputs in binding order (completed steps, and {@code on_failure: continue} errors). */
    final Map<String, Object> outputs = new LinkedHashMap<>();
    final long lastSequence;
    boolean sagaStarted;
    boolean cancelled;
    ErrorInfo error;
    ExecutionStatus endedAs;
    Object endOutput;
    Instant endedAt;
    boolean parked;

    private JournalFold(List<JournalEntry> journal) {
        JournalEntry first = journal.get(0);
        if (first.type() != EntryType.EXECUTION_STARTED) {
            throw new IllegalStateException("journal of " + first.executionId() + " does not start with EXECUTION_STARTED");
        }
        this.executionId = first.executionId();
        Map<?, ?> definition = (Map<?, ?>) first.data().get("definition");
        this.workflow = WorkflowCodec.decode(definition);
        this.definitionHash = (String) first.data().get("definition_hash");
        Map<?, ?> b = (Map<?, ?>) first.data().get("bindings");
        this.bindings = b == null ? Map.of() : WorkflowCodec.decodeBindings(b);
        this.input = first.data().get("input");
        this.startedAt = first.at();
        for (var s : workflow.callSteps()) {
            steps.put(s.id(), new StepFold());
        }
        for (JournalEntry e : journal.subList(1, journal.size())) {
            apply(e);
        }
        this.lastSequence = journal.get(journal.size() - 1).sequence();
    }

    static JournalFold of(List<JournalEntry> journal) {
        if (journal.isEmpty()) {
            throw new IllegalArgumentException("empty journal");
        }
        return new JournalFold(journal);
    }

    private void apply(JournalEntry e) {
        StepFold s = e.stepId() == null ? null : steps.get(e.stepId());
        switch (e.type()) {
            case STEP_STARTED -> {
                s.status = StepStatus.RUNNING;
                s.attempts = e.attempt();
                if (s.startedAt == null) {
                    s.startedAt = e.at();
                }
                s.inDoubt = true;
            }
            case STEP_COMPLETED -> {
                s.status = StepStatus.COMPLETED;
                s.compensable = true;
                s.output = e.data().get("output");
                s.endedAt = e.at();
                s.endOrder = e.sequence();
                s.inDoubt = false;
                outputs.put(workflow.callStep(e.stepId()).outputName(), s.output);
            }
            case STEP_FAILED -> {
                s.status = StepStatus.FAILED;
                s.error = ErrorInfo.fromMap((Map<?, ?>) e.data().get("error"));
                s.unknown = Boolean.TRUE.equals(e.data().get("outcome_unknown"));
                s.compensable = s.unknown;
                s.endedAt = e.at();
                s.endOrder = e.sequence();
                s.inDoubt = false;
                if (Boolean.TRUE.equals(e.data().get("continued"))) {
                    outputs.put(workflow.callStep(e.stepId()).outputName(), Map.of("error", s.error.toMap()));
                } else if (error == null) {
                    error = s.error;
                }
            }
            case STEP_SKIPPED -> {
                s.status = StepStatus.SKIPPED;
                s.startedAt = e.at();
                s.endedAt = e.at();
            }
            case SAGA_STARTED -> {
                sagaStarted = true;
                cancelled = Boolean.TRUE.equals(e.data().get("cancelled"));
                error = ErrorInfo.fromMap((Map<?, ?>) e.data().get("error"));
            }
            case COMPENSATION_STARTED -> s.compensationInDoubt = true;
            case COMPENSATION_COMPLETED -> {
                s.status = StepStatus.COMPENSATED;
                s.compensationInDoubt = false;
            }
            case COMPENSATION_FAILED -> {
                s.status = StepStatus.COMPENSATION_FAILED;
                s.error = ErrorInfo.fromMap((Map<?, ?>) e.data().get("error"));
                s.compensationInDoubt = false;
            }
            case EXECUTION_ENDED -> {
                endedAs = ExecutionStatus.valueOf((String) e.data().get("status"));
                endOutput = e.data().get("output");
                Object err = e.data().get("error");
                error = err == null ? null : ErrorInfo.fromMap((Map<?, ?>) err);
                endedAt = e.at();
            }
            case EXECUTION_REOPENED -> {
                // Retrying failed compensations: they are owed again; the end is undone.
                endedAs = null;
                endOutput = null;
                endedAt = null;
                for (StepFold f : steps.values()) {
                    if (f.status == StepStatus.COMPENSATION_FAILED) {
                        f.status = f.unknown ? StepStatus.FAILED : StepStatus.COMPLETED;
                    }
                }
            }
            case EXECUTION_PARKED -> parked = true;
            case EXECUTION_UNPARKED -> parked = false;
            case EXECUTION_STARTED -> throw new IllegalStateException("EXECUTION_STARTED twice in the journal of " + executionId);
        }
    }

    /** Where the execution stands according to the journal. */
    ExecutionStatus status() {
        if (endedAs != null) {
            return endedAs;
        }
        if (parked) {
            return ExecutionStatus.PARKED;
        }
        return sagaStarted ? ExecutionStatus.COMPENSATING : ExecutionStatus.RUNNING;
    }
}
