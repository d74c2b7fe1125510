package io.maestro;

import io.maestro.event.ExecutionListener;
import io.maestro.internal.engine.DefaultOrchestrator;
import io.maestro.internal.engine.EngineConfig;
import io.maestro.model.Defaults;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.state.InMemoryStateStore;
import io.maestro.spi.state.StateStore;
import io.maestro.spi.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Configures an {@link Orchestrator}. Mutable, not thread-safe; {@link #build()} may be called
 * once per configuration.
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder()
 *     .service("kyc_service", ServiceBinding.of("grpc", "localhost:50051"))
 *     .transport(inMemoryTransport)                 // explicit; others come from ServiceLoader
 *     .defaults(d -> d.retry(RetrySpec.exponential(3, ofMillis(100), ofSeconds(5))))
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * }</pre>
 */
public final class OrchestratorBuilder {

    /** Per-attempt timeout when neither the step, its service nor any defaults set one. */
    public static final Duration BUILT_IN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, ServiceBinding> services = new LinkedHashMap<>();
    private final List<Transport> transports = new ArrayList<>();
    private final List<ExecutionListener> listeners = new ArrayList<>();
    private StateStore stateStore;
    private Defaults defaults = new Defaults(BUILT_IN_TIMEOUT, null);
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private boolean discoverTransports = true;
    private String instanceId;
    private Duration leaseTtl = Duration.ofSeconds(30);
    private int maxRecoveries = 5;
    private Duration recoverEvery;

    OrchestratorBuilder() {
    }

    /** Binds a service name; wins over a workflow's inline binding of the same name. */
    public OrchestratorBuilder service(String name, ServiceBinding binding) {
        services.put(requireText(name, "service name"), Objects.requireNonNull(binding, "binding"));
        return this;
    }

    /** Registers a transport; it wins over transports found with ServiceLoader for its types. */
    public OrchestratorBuilder transport(Transport transport) {
        transports.add(Objects.requireNonNull(transport, "transport"));
        return this;
    }

    /** Whether to add the transports found with {@link java.util.ServiceLoader} (default true). */
    public OrchestratorBuilder discoverTransports(boolean discover) {
        this.discoverTransports = discover;
        return this;
    }

    /** Where journals are kept; default an {@link InMemoryStateStore}. */
    public OrchestratorBuilder stateStore(StateStore store) {
        this.stateStore = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * Orchestrator-wide step defaults, below a workflow's own {@code defaults}. Start from the
     * built-in ones: a 30 s per-attempt timeout and {@link io.maestro.model.RetrySpec#DEFAULT}.
     */
    public OrchestratorBuilder defaults(UnaryOperator<Defaults> change) {
        Defaults d = Objects.requireNonNull(change.apply(defaults), "defaults");
        if (d.timeout() == null) {
            throw new IllegalArgumentException("orchestrator defaults need a timeout");
        }
        this.defaults = d;
        return this;
    }

    public OrchestratorBuilder listener(ExecutionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The clock for timestamps (tests may fix it); delays always use real time. */
    public OrchestratorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * The scheduler for timeouts and retry delays; default a daemon single-thread scheduler
     * owned (and shut down) by the orchestrator. A scheduler given here is not shut down.
     */
    public OrchestratorBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * This instance's name in execution leases (default: a random one). Instances sharing a
     * store must have different names.
     */
    public OrchestratorBuilder instanceId(String id) {
        this.instanceId = requireText(id, "instance id");
        return this;
    }

    /**
     * How long this instance owns a running execution without renewing (default 30 s; renewed
     * every third of it). After a crash, other instances recover its executions once it passes.
     */
    public OrchestratorBuilder leaseTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl must be positive");
        }
        this.leaseTtl = ttl;
        return this;
    }

    /**
     * How many times an execution may be taken over after crashes before {@code recover()} parks
     * it instead (default 5): an execution that crashes its process every time must not take
     * every instance down in turn.
     */
    public OrchestratorBuilder maxRecoveries(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("max recoveries must be at least 1");
        }
        this.maxRecoveries = times;
        return this;
    }

    /**
     * Runs {@code recover()} at start-up and then at this interval (default: never; call it
     * yourself). Instances sharing a store recover each other's executions this way.
     */
    public OrchestratorBuilder recoverEvery(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("recovery interval must be positive");
        }
        this.recoverEvery = interval;
        return this;
    }

    public Orchestrator build() {
        return new DefaultOrchestrator(new EngineConfig(
                services, transports, discoverTransports, listeners,
                stateStore == null ? new InMemoryStateStore() : stateStore,
                defaults, clock, scheduler,
                instanceId == null ? "maestro-" + java.util.UUID.randomUUID() : instanceId, leaseTtl, maxRecoveries, recoverEvery));
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }
}
