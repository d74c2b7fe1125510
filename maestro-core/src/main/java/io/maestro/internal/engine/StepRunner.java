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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
    private CompletableFuture<Object> send(StepPlan plan, String stepId, int attemptNumber, Object input, Scope scope) {
        CircuitBreakers.Breaker breaker = plan.breaker();
        if (breaker != null) {
            MaestroException open = breaker.tryAcquire();
            if (open != null) {
                return CompletableFuture.failedFuture(open);
            }
        }
        CallMetadata metadata = new CallMetadata(executionId, stepId,
                CallMetadata.idempotencyKey(executionId, stepId, plan.compensation()), attemptNumber, plan.compensation());
        ServiceCall call = new ServiceCall(plan.service(), plan.binding(), plan.method(), input, metadata, plan.timeout());
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
        Attempt attempt = new Attempt(transport, breaker);
        Runnable untrack = scope.track(attempt);
        // A transport that ends its own calls on time needs no second timer (one less per attempt).
        ScheduledFuture<?> timer = transport.isDone() || plan.transport().timesOutCalls() ? null
                : engine.scheduler().schedule(() -> attempt.accept(new MaestroException("timeout",
                        "step '" + stepId + "' attempt " + attemptNumber + " timed out after " + plan.timeout().toMillis() + " ms", true)),
                        plan.timeout().toNanos(), TimeUnit.NANOSECONDS);
        transport.whenComplete(attempt);
        attempt.setUp(untrack, timer);
        return attempt;
    }

    /**
     * One attempt's call in flight, and the attempt's end (it is the future the attempt waits
     * on). It ends once: with the call's answer, or with the reason the call was given up on
     * (a timeout, a cancelled scope), in which case the call is cancelled first, so the service
     * has been told by the time anything downstream runs. The breaker hears of the end before
     * anything downstream runs; the cancellation hook and the timer are let go once the attempt
     * has both ended and been set up. One object per attempt rather than a handful: thousands
     * are in flight at once.
     */
    private static final class Attempt extends CompletableFuture<Object> implements Consumer<MaestroException>, BiConsumer<Object, Throwable> {

        private static final VarHandle ABANDONED;
        private static final VarHandle ENDED;
        private static final VarHandle PENDING;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                ABANDONED = lookup.findVarHandle(Attempt.class, "abandoned", MaestroException.class);
                ENDED = lookup.findVarHandle(Attempt.class, "ended", boolean.class);
                PENDING = lookup.findVarHandle(Attempt.class, "pending", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final CompletableFuture<Object> call;
        private final CircuitBreakers.Breaker breaker;
        @SuppressWarnings("unused") // through ABANDONED
        private volatile MaestroException abandoned;
        @SuppressWarnings("unused") // through ENDED
        private volatile boolean ended;
        /** The set-up and the end: whichever comes last lets go of the hook and the timer. */
        @SuppressWarnings("unused") // through PENDING
        private volatile int pending = 2;
        private Runnable untrack;
        private ScheduledFuture<?> timer;

        Attempt(CompletableFuture<Object> call, CircuitBreakers.Breaker breaker) {
            this.call = call;
            this.breaker = breaker;
        }

        /** The attempt is given up on: its time is up or its scope was cancelled. */
        @Override
        public void accept(MaestroException reason) {
            if (ABANDONED.compareAndSet(this, null, reason)) {
                call.cancel(true);
                end(null, reason);
            }
        }

        /** The transport's call ended (or was cancelled because the attempt was given up on). */
        @Override
        public void accept(Object result, Throwable error) {
            MaestroException reason = (MaestroException) ABANDONED.getVolatile(this);
            if (reason != null) {
                end(null, reason);
            } else {
                end(result, error);
            }
        }

        void setUp(Runnable untrack, ScheduledFuture<?> timer) {
            this.untrack = untrack;
            this.timer = timer;
            arrive();
        }

        private void end(Object result, Throwable error) {
            if (!ENDED.compareAndSet(this, false, true)) {
                return;
            }
            if (breaker != null) {
                breaker.record(error == null ? null : Failures.of(error));
            }
            if (error == null) {
                complete(result);
            } else {
                completeExceptionally(error);
            }
            arrive();
        }

        private void arrive() {
            if ((int) PENDING.getAndAdd(this, -1) == 1) {
                untrack.run();
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        }
    }
}
