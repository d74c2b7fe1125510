package io.maestro.internal.engine;

import dev.failsafe.Execution;
import io.maestro.ErrorInfo;
import io.maestro.MaestroException;
import io.maestro.event.ExecutionEvent;
import io.maestro.internal.policy.CircuitBreakers;
import io.maestro.internal.policy.Failures;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Calls a step's (or a compensation's) service until it succeeds or retrying stops:
 * retry ⟶ circuit breaker ⟶ per-attempt timeout, each attempt journaled as started before the
 * call. Never blocks: attempts and delays are scheduled, answers composed.
 */
final class StepRunner {

    /** How a call ended: a result, or the last failure and whether the service may have acted on it. */
    record Outcome(Object result, MaestroException failure, boolean outcomeUnknown) {
    }

    private final Engine engine;
    private final String executionId;
    private final ExecutionJournal journal;

    StepRunner(Engine engine, String executionId, ExecutionJournal journal) {
        this.engine = engine;
        this.executionId = executionId;
        this.journal = journal;
    }

    CompletableFuture<Outcome> call(StepPlan plan, StepState state, Object input, Scope scope) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        attempt(plan, state, input, scope, null, done);
        return done;
    }

    /** @param retry the retry bookkeeping, created at the first failure (most calls never need it) */
    private void attempt(StepPlan plan, StepState state, Object input, Scope scope, Execution<Object> retry, CompletableFuture<Outcome> done) {
        MaestroException cancelled = scope.cancelCause();
        if (cancelled != null) {
            done.complete(new Outcome(null, cancelled, false));
            return;
        }
        int attempt = state.startAttempt(engine.clock().instant());
        String stepId = state.id;
        EntryType started = plan.compensation() ? EntryType.COMPENSATION_STARTED : EntryType.STEP_STARTED;
        journal.append(started, stepId, attempt, Map.of()).whenComplete((ok, journalFailure) -> {
            if (journalFailure != null) {
                // Not durable: calling now would break "journaled before called".
                done.complete(new Outcome(null, new MaestroException("state_store",
                        "could not journal the start of step '" + stepId + "': " + Failures.unwrap(journalFailure).getMessage(), false, journalFailure), false));
                return;
            }
            if (!plan.compensation() && engine.events().enabled()) {
                engine.events().emit(new ExecutionEvent.StepStarted(executionId, engine.clock().instant(), stepId, attempt, input));
            }
            send(plan, stepId, attempt, input, scope).whenComplete((result, error) -> {
                if (error == null) {
                    done.complete(new Outcome(result, null, false));
                    return;
                }
                MaestroException failure = Failures.of(error);
                // No answer in time, or given up on in flight: the service may have acted.
                boolean unknown = switch (failure.code()) {
                    case "timeout", "grpc_DEADLINE_EXCEEDED", "cancelled", "deadline" -> true;
                    default -> false;
                };
                Duration delay = null;
                Execution<Object> retries = retry;
                if (plan.retryPolicy() != null && !Failures.isFinal(failure)) {
                    if (retries == null) {
                        retries = Execution.of(plan.retryPolicy());
                    }
                    retries.recordException(failure);
                    if (!retries.isComplete()) {
                        delay = retries.getDelay();
                    }
                }
                engine.events().emit(new ExecutionEvent.StepAttemptFailed(executionId, engine.clock().instant(), stepId, attempt,
                        ErrorInfo.of(failure, stepId), delay));
                if (delay == null) {
                    done.complete(new Outcome(null, failure, unknown));
                } else {
                    Execution<Object> next = retries;
                    schedule(delay, scope, done, () -> attempt(plan, state, input, scope, next, done));
                }
            });
        });
    }

    /** Runs {@code next} after {@code delay}, unless the scope is cancelled first. */
    private void schedule(Duration delay, Scope scope, CompletableFuture<Outcome> done, Runnable next) {
        if (delay.isZero()) {
            next.run();
            return;
        }
        ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
        Runnable[] untrack = new Runnable[1];
        untrack[0] = scope.track(cause -> {
            if (timer[0] != null) {
                timer[0].cancel(false);
            }
            done.complete(new Outcome(null, cause, false));
        });
        timer[0] = engine.scheduler().schedule(() -> {
            untrack[0].run();
            if (!done.isDone()) {
                next.run();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One attempt: breaker permit, transport call, timeout and cancellation. */
    private CompletableFuture<Object> send(StepPlan plan, String stepId, int attempt, Object input, Scope scope) {
        CircuitBreakers.Breaker breaker = plan.breaker();
        if (breaker != null) {
            MaestroException open = breaker.tryAcquire();
            if (open != null) {
                return CompletableFuture.failedFuture(open);
            }
        }
        CallMetadata metadata = new CallMetadata(executionId, stepId,
                CallMetadata.idempotencyKey(executionId, stepId, plan.compensation()), attempt, plan.compensation());
        ServiceCall call = new ServiceCall(plan.service(), plan.binding(), plan.method(), input, metadata, plan.timeout());
        CompletableFuture<Object> answer = new CompletableFuture<>();
        CompletableFuture<Object> transport;
        try {
            transport = plan.transport().call(call).toCompletableFuture();
        } catch (RuntimeException e) {
            transport = CompletableFuture.failedFuture(e);
        }
        if (transport.isDone()) {
            // Answered at once (an in-memory handler, a failure before sending): nothing to time or cancel.
            if (breaker != null) {
                transport.whenComplete((result, error) -> breaker.record(error == null ? null : Failures.of(error)));
            }
            return transport;
        }
        CompletableFuture<Object> inFlight = transport;
        // Why we gave up on the call; the transport is cancelled before the attempt ends, so
        // the service has been told by the time anything downstream runs.
        AtomicReference<MaestroException> abandoned = new AtomicReference<>();
        Consumer<MaestroException> abandon = reason -> {
            if (abandoned.compareAndSet(null, reason)) {
                inFlight.cancel(true);
                answer.completeExceptionally(reason);
            }
        };
        Runnable untrack = scope.track(abandon);
        // A transport that ends its own calls on time needs no second timer (one less per attempt).
        ScheduledFuture<?> timer = inFlight.isDone() || plan.transport().timesOutCalls() ? null
                : engine.scheduler().schedule(() -> abandon.accept(new MaestroException("timeout",
                        "step '" + stepId + "' attempt " + attempt + " timed out after " + plan.timeout().toMillis() + " ms", true)),
                        plan.timeout().toNanos(), TimeUnit.NANOSECONDS);
        inFlight.whenComplete((result, error) -> {
            MaestroException reason = abandoned.get();
            if (reason != null) {
                answer.completeExceptionally(reason);
            } else if (error == null) {
                answer.complete(result);
            } else {
                answer.completeExceptionally(error);
            }
        });
        answer.whenComplete((result, error) -> {
            untrack.run();
            if (timer != null) {
                timer.cancel(false);
            }
            if (breaker != null) {
                breaker.record(error == null ? null : Failures.of(error));
            }
        });
        return answer;
    }
}
