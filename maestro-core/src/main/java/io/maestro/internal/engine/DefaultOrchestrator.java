package io.maestro.internal.engine;

import io.maestro.ExecutionResult;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.event.ExecutionEvent;
import io.maestro.internal.definition.WorkflowValidator;
import io.maestro.internal.policy.CircuitBreakers;
import io.maestro.internal.policy.Failures;
import io.maestro.model.JsonValues;
import io.maestro.model.Workflow;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Orchestrator} behind {@code Orchestrator.builder().build()}. */
public final class DefaultOrchestrator implements Orchestrator {

    private static final Logger log = LoggerFactory.getLogger(DefaultOrchestrator.class);
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final EngineConfig config;
    private final Engine engine;
    private final boolean ownsScheduler;
    private final List<Transport> transports = new ArrayList<>();
    private final Map<String, Transport> transportByType = new LinkedHashMap<>();
    private final CircuitBreakers breakers;
    private final Map<Workflow, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
    private final Map<String, ExecutionRun> running = new ConcurrentHashMap<>();
    /** The last workflow compiled: skips hashing the whole definition when one workflow runs many times. */
    private volatile CompiledWorkflow last;
    private volatile boolean closed;

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
        if (closed) {
            throw new IllegalStateException("orchestrator is closed");
        }
        if (executionId == null || !EXECUTION_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("execution id must match " + EXECUTION_ID.pattern() + ", got " + executionId);
        }
        Object data;
        try {
            data = JsonValues.immutableCopy(input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("workflow input must be JSON-like data (maps, lists, strings, numbers, booleans, null): "
                    + e.getMessage(), e);
        }
        ExecutionRun run = new ExecutionRun(executionId, compile(workflow), data, engine);
        if (running.putIfAbsent(executionId, run) != null) {
            throw new IllegalStateException("execution " + executionId + " is already running");
        }
        run.result().whenComplete((r, e) -> running.remove(executionId, run));
        return run.start().thenApply(r -> r);
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
        for (ExecutionRun run : running.values()) {
            run.cancel();
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

    /** For tests and tools: an execution running here. */
    boolean isRunning(String executionId) {
        return running.containsKey(executionId);
    }

    static MaestroException unwrap(Throwable t) {
        return Failures.of(t);
    }
}
