package io.maestro.internal.engine;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.Submission;
import io.maestro.event.ExecutionEvent;
import io.maestro.internal.definition.WorkflowValidator;
import io.maestro.internal.policy.CircuitBreakers;
import io.maestro.internal.policy.Failures;
import io.maestro.model.JsonValues;
import io.maestro.model.Workflow;
import io.maestro.spi.state.Claim;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.transport.Transport;
import io.maestro.spi.transport.TransportProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Orchestrator} behind {@code Orchestrator.builder().build()}. */
public final class DefaultOrchestrator implements Orchestrator {

    private static final Logger log = LoggerFactory.getLogger(DefaultOrchestrator.class);

    private final EngineConfig config;
    private final Engine engine;
    private final boolean ownsScheduler;
    private final List<Transport> transports = new ArrayList<>();
    private final Map<String, Transport> transportByType = new LinkedHashMap<>();
    private final CircuitBreakers breakers;
    private final Map<Workflow, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
    /** Stored definitions (with the bindings they were resumed with), compiled for resume. */
    private final Map<List<Object>, CompiledWorkflow> compiledForResume = new ConcurrentHashMap<>();
    private final Map<String, ExecutionRun> running = new ConcurrentHashMap<>();
    /**
     * Leases taken over but whose execution is not running here yet (its journal is being read,
     * its definition compiled): renewed like running ones, so that a batch of claims cannot
     * expire before each gets going — another instance would take them over meanwhile.
     */
    private final Map<Lease, java.util.concurrent.atomic.AtomicBoolean> claimed = new ConcurrentHashMap<>();
    /** The last workflow compiled: skips hashing the whole definition when one workflow runs many times. */
    private volatile CompiledWorkflow last;
    private volatile boolean closed;
    private final java.util.concurrent.ScheduledFuture<?> renewal;
    private final java.util.concurrent.ScheduledFuture<?> recovery;
    private final java.util.concurrent.ScheduledExecutorService recoveryThread;

    public DefaultOrchestrator(EngineConfig config) {
        this.config = config;
        ScheduledExecutorService scheduler = config.scheduler();
        this.ownsScheduler = scheduler == null;
        if (scheduler == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "maestro-scheduler");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            scheduler = s;
        }
        Events events = new Events(config.listeners());
        this.engine = new Engine(config.stateStore(), config.clock(), scheduler, events, config.instanceId(), config.leaseTtl());
        this.breakers = new CircuitBreakers((service, from, to) ->
                events.emit(new ExecutionEvent.CircuitStateChanged(null, config.clock().instant(), service, from, to)));
        for (Transport t : config.transports()) {
            register(t);
        }
        long renewEvery = Math.max(1, config.leaseTtl().toMillis() / 3);
        this.renewal = scheduler.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, java.util.concurrent.TimeUnit.MILLISECONDS);
        // Recovery waits on the store: it gets its own thread, never the scheduler's.
        this.recoveryThread = config.recoverEvery() == null ? null
                : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "maestro-recovery");
                    t.setDaemon(true);
                    return t;
                });
        this.recovery = recoveryThread == null ? null : recoveryThread.scheduleWithFixedDelay(() -> {
            try {
                recover();
            } catch (RuntimeException e) {
                log.warn("periodic recovery failed; will try again", e);
            }
        }, 0, config.recoverEvery().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (config.discoverTransports()) {
            for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
                Transport t = p.create();
                transports.add(t);
                for (String type : t.types()) {
                    transportByType.putIfAbsent(type, t);
                }
            }
        }
    }

    private void register(Transport t) {
        transports.add(t);
        for (String type : t.types()) {
            transportByType.putIfAbsent(type, t);
        }
    }

    @Override
    public ExecutionResult run(Workflow workflow, Object input) {
        try {
            return start(workflow, input).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw Failures.of(e);
        }
    }

    @Override
    public CompletionStage<ExecutionResult> start(Workflow workflow, Object input) {
        return start(workflow, input, UUID.randomUUID().toString());
    }

    @Override
    public CompletionStage<ExecutionResult> start(Workflow workflow, Object input, String executionId) {
        return submit(workflow, input, executionId).thenCompose(Submission::result);
    }

    @Override
    public CompletionStage<Submission> submit(Workflow workflow, Object input, String executionId) {
        if (closed) {
            throw new IllegalStateException("orchestrator is closed");
        }
        if (!validExecutionId(executionId)) {
            throw new IllegalArgumentException("execution id must be 1 to 128 letters, digits, _ - . or :, got " + executionId);
        }
        Object data;
        try {
            data = JsonValues.immutableCopy(input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("workflow input must be JSON-like data (maps, lists, strings, numbers, booleans, null): "
                    + e.getMessage(), e);
        }
        CompiledWorkflow c = compile(workflow);
        ExecutionRun existing = running.get(executionId);
        if (existing != null) {
            return sameExecution(executionId, data, c.definitionHash).thenApply(v -> new Submission(executionId, false, existing.result()));
        }
        ExecutionRun run = new ExecutionRun(executionId, c, data, engine);
        if (running.putIfAbsent(executionId, run) != null) {
            return submit(workflow, input, executionId);
        }
        CompletableFuture<ExecutionResult> result = run.start(c.definition, c.definitionHash, c.bindingsSnapshot);
        result.whenComplete((r, e) -> {
            running.remove(executionId, run);
            if (e != null) {
                run.accepted().completeExceptionally(e); // a no-op once accepted: only a failed start lands here
            }
        });
        return run.accepted().handle((ok, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(new Submission(executionId, true, result));
            }
            if (Failures.unwrap(e) instanceof ExecutionExistsException) {
                // Idempotent start: the store already has it (from an earlier call, here or elsewhere).
                return sameExecution(executionId, data, c.definitionHash)
                        .thenApply(v -> new Submission(executionId, false, awaitEnd(executionId)));
            }
            return CompletableFuture.<Submission>failedFuture(Failures.unwrap(e));
        }).thenCompose(f -> f);
    }

    /** Letters, digits, {@code _ - . :}, 1 to 128 of them (checked by hand: this runs for every execution). */
    static boolean validExecutionId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Completes normally when the stored execution has this input and definition; else fails with execution_conflict. */
    private CompletableFuture<Void> sameExecution(String executionId, Object input, String definitionHash) {
        return config.stateStore().read(executionId).toCompletableFuture().thenApply(journal -> {
            if (journal.isEmpty()) {
                return null; // not journaled yet: the run that is creating it will tell
            }
            var data = journal.get(0).data();
            if (!java.util.Objects.equals(data.get("input"), input) || !java.util.Objects.equals(data.get("definition_hash"), definitionHash)) {
                throw new MaestroException("execution_conflict", "execution " + executionId
                        + " already exists with a different " + (java.util.Objects.equals(data.get("input"), input) ? "definition" : "input"), false);
            }
            return null;
        });
    }

    /** The stage of an execution running here, or the stored result once it has ended (polling the store). */
    private CompletableFuture<ExecutionResult> awaitEnd(String executionId) {
        ExecutionRun run = running.get(executionId);
        if (run != null) {
            return run.result();
        }
        return config.stateStore().read(executionId).toCompletableFuture().thenCompose(journal -> {
            JournalFold fold = JournalFold.of(journal);
            if (fold.endedAs != null) {
                return CompletableFuture.completedFuture(ResultFromJournal.of(fold));
            }
            CompletableFuture<ExecutionResult> later = new CompletableFuture<>();
            engine.scheduler().schedule(() -> awaitEnd(executionId).whenComplete((r, e) -> {
                if (e == null) {
                    later.complete(r);
                } else {
                    later.completeExceptionally(e);
                }
            }), 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            return later;
        });
    }

    @Override
    public CompletionStage<ExecutionResult> resume(String executionId) {
        ExecutionRun here = running.get(executionId);
        if (here != null) {
            return here.result();
        }
        return config.stateStore().read(executionId).toCompletableFuture().thenCompose(journal -> {
            if (journal.isEmpty()) {
                throw new IllegalArgumentException("no execution " + executionId + " in the state store");
            }
            JournalFold fold = JournalFold.of(journal);
            if (fold.endedAs != null) {
                return CompletableFuture.completedFuture(ResultFromJournal.of(fold));
            }
            return config.stateStore().claim(executionId, engine.owner(), engine.leaseTtl(), fold.parked).toCompletableFuture()
                    .thenCompose(claim -> {
                        if (claim.isEmpty()) {
                            throw new IllegalStateException("execution " + executionId
                                    + " is owned by a live instance (or has just ended); it is resumed there or after its lease expires");
                        }
                        return resumeClaimed(claim.get().lease());
                    });
        });
    }

    @Override
    public CompletionStage<ExecutionResult> retryCompensation(String executionId) {
        return config.stateStore().read(executionId).toCompletableFuture().thenCompose(journal -> {
            if (journal.isEmpty()) {
                throw new IllegalArgumentException("no execution " + executionId + " in the state store");
            }
            JournalFold fold = JournalFold.of(journal);
            if (fold.endedAs != ExecutionStatus.COMPENSATION_FAILED) {
                throw new IllegalStateException("execution " + executionId + " is " + fold.status()
                        + "; only an execution that ended COMPENSATION_FAILED has compensations to retry");
            }
            return config.stateStore().reopen(executionId, engine.owner(), engine.leaseTtl()).toCompletableFuture().thenCompose(lease -> {
                if (lease.isEmpty()) {
                    throw new IllegalStateException("execution " + executionId + " could not be reopened (is it being retried elsewhere?)");
                }
                JournalEntry reopened = new JournalEntry(executionId, fold.lastSequence + 1, EntryType.EXECUTION_REOPENED, null, 0,
                        config.clock().instant(), Map.of());
                return config.stateStore().append(lease.get(), List.of(reopened)).toCompletableFuture()
                        .thenCompose(v -> resumeClaimed(lease.get()));
            });
        });
    }

    /** Reads the journal again under the new lease (nothing can change it now) and continues. */
    private CompletableFuture<ExecutionResult> resumeClaimed(Lease lease) {
        String executionId = lease.executionId();
        java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();
        claimed.put(lease, lost);
        return config.stateStore().read(executionId).toCompletableFuture().thenCompose(journal -> {
            if (lost.get()) {
                throw new io.maestro.spi.state.LeaseLostException(executionId, lease.epoch());
            }
            JournalFold fold = JournalFold.of(journal);
            Map<String, io.maestro.model.ServiceBinding> bindings = new LinkedHashMap<>(fold.bindings);
            bindings.putAll(config.services());
            // Recovery resumes many executions of one definition: compile it once.
            CompiledWorkflow c = compiledForResume.computeIfAbsent(List.of(fold.workflow, bindings), k -> CompiledWorkflow.compile(
                    fold.workflow, bindings, config.defaults(), transportByType::get, this::unboundTransport, breakers));
            ExecutionRun run = new ExecutionRun(executionId, c, fold.input, engine, fold, lease);
            if (running.putIfAbsent(executionId, run) != null) {
                return running.get(executionId).result();
            }
            claimed.remove(lease); // renewed as a running execution from now on
            run.result().whenComplete((r, e) -> running.remove(executionId, run));
            return run.resume();
        }).whenComplete((r, e) -> claimed.remove(lease));
    }

    @Override
    public List<CompletionStage<ExecutionResult>> recover() {
        List<CompletionStage<ExecutionResult>> resumed = new ArrayList<>();
        while (true) {
            List<Claim> claims = config.stateStore().claimRecoverable(engine.owner(), engine.leaseTtl(), 100).toCompletableFuture().join();
            for (Claim claim : claims) {
                if (claim.recoveries() > config.maxRecoveries()) {
                    park(claim);
                } else {
                    resumed.add(resumeClaimed(claim.lease()));
                }
            }
            if (claims.size() < 100) {
                return resumed;
            }
        }
    }

    private void park(Claim claim) {
        String id = claim.lease().executionId();
        List<JournalEntry> journal = config.stateStore().read(id).toCompletableFuture().join();
        long next = journal.get(journal.size() - 1).sequence() + 1;
        String reason = "taken over " + claim.recoveries() + " times (more than " + config.maxRecoveries()
                + "): it may be crashing its process; resume it by hand once fixed";
        config.stateStore().append(claim.lease(), List.of(new JournalEntry(id, next, EntryType.EXECUTION_PARKED, null, 0,
                config.clock().instant(), Map.of("reason", reason)))).toCompletableFuture().join();
        log.warn("execution {} parked: {}", id, reason);
    }

    @Override
    public java.util.Optional<ExecutionResult> status(String executionId) {
        List<JournalEntry> journal = config.stateStore().read(executionId).toCompletableFuture().join();
        return journal.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ResultFromJournal.of(JournalFold.of(journal)));
    }

    /** Keeps the leases of the executions running (or about to run) here alive; stops those another instance took. */
    private void renewLeases() {
        claimed.forEach((lease, lost) -> config.stateStore().renew(lease, engine.leaseTtl()).whenComplete((ok, e) -> {
            if (e == null && !ok) {
                lost.set(true);
            }
        }));
        for (ExecutionRun run : running.values()) {
            Lease lease = run.lease();
            if (lease == null) {
                continue;
            }
            config.stateStore().renew(lease, engine.leaseTtl()).whenComplete((ok, e) -> {
                if (e == null && !ok && running.get(run.id) == run && run.lease() == lease) {
                    log.warn("lost the lease of execution {}; another instance owns it now", run.id);
                    run.leaseLost();
                }
            });
        }
    }

    private CompiledWorkflow compile(Workflow workflow) {
        CompiledWorkflow c = last;
        if (c != null && c.workflow == workflow) {
            return c;
        }
        c = compiled.computeIfAbsent(workflow, w -> {
            WorkflowValidator.validate(w, null).throwIfAny();
            return CompiledWorkflow.compile(w, config.services(), config.defaults(), transportByType::get, this::unboundTransport, breakers);
        });
        last = c;
        return c;
    }

    private Transport unboundTransport(String service) {
        for (Transport t : transports) {
            if (t.servesUnbound(service)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public boolean cancel(String executionId) {
        ExecutionRun run = running.get(executionId);
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        renewal.cancel(false);
        if (recovery != null) {
            recovery.cancel(false);
            recoveryThread.shutdownNow();
        }
        // Executions still running are not cancelled (that would compensate work another
        // instance can finish): their leases are released so that one can take them over now.
        for (ExecutionRun run : running.values()) {
            if (run.lease() != null) {
                config.stateStore().release(run.lease());
            }
            run.abandon(new MaestroException("orchestrator_closed", "the orchestrator was closed while execution " + run.id
                    + " was running; its lease is released so that it can be resumed", false));
        }
        for (Transport t : transports) {
            try {
                t.close();
            } catch (RuntimeException e) {
                log.warn("closing transport {} failed", t, e);
            }
        }
        try {
            config.stateStore().close();
        } catch (Exception e) {
            log.warn("closing state store failed", e);
        }
        if (ownsScheduler) {
            engine.scheduler().shutdownNow();
        }
    }
}
