package io.maestro.cli;

import io.maestro.Orchestrator;
import io.maestro.OrchestratorBuilder;
import io.maestro.cli.internal.Files2;
import io.maestro.cli.internal.Logging;
import io.maestro.cli.internal.Orchestrators;
import io.maestro.cli.internal.ProgressPrinter;
import io.maestro.cli.internal.Stores;
import io.maestro.cli.internal.UsageError;
import io.maestro.cli.internal.server.BearerToken;
import io.maestro.cli.internal.server.WorkflowCatalog;
import io.maestro.cli.internal.server.WorkflowServer;
import io.maestro.model.ByteSizes;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maestro serve}: runs the workflows of some files for clients of an HTTP/JSON API (docs/server.md). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves workflows over an HTTP/JSON API: start, follow, cancel and resume executions. See docs/server.md.")
final class ServeCommand implements Callable<Integer> {

    /** Where the token comes from when no --token-file is given. */
    static final String TOKEN_VARIABLE = "MAESTRO_TOKEN";

    @Option(names = "--workflows", paramLabel = "<file|dir>", split = ",",
            description = "Workflow files, or directories of *.yaml / *.yml files, to serve (repeatable). More can be registered"
                    + " with POST /workflows unless --frozen.")
    List<Path> workflows = new ArrayList<>();

    @Option(names = "--frozen", description = "Serve only the --workflows files: refuse POST /workflows.")
    boolean frozen;

    @Option(names = "--services", paramLabel = "<file>", description = "Service bindings; they win over the workflows' inline ones.")
    Path services;

    @Option(names = "--store", paramLabel = "<store>", defaultValue = Stores.DEFAULT,
            description = "memory, sqlite:<path> or jdbc:postgresql://… (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--host", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080", description = "The port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--token-file", paramLabel = "<file>",
            description = "A file whose first line is the bearer token clients must send. Default: $" + TOKEN_VARIABLE
                    + ", else a random token printed once on stderr.")
    Path tokenFile;

    @Option(names = "--max-request-size", paramLabel = "<size>", defaultValue = "1MiB",
            description = "The largest request body accepted, e.g. 256KiB (default: ${DEFAULT-VALUE}).")
    String maxRequestSize;

    @Option(names = "--max-wait", paramLabel = "<duration>", defaultValue = "PT30S",
            description = "The longest a request may wait for an execution to end (?wait=…), ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration maxWait;

    @Option(names = "--lease-ttl", paramLabel = "<duration>", defaultValue = "PT10S",
            description = "How long an execution stays owned by this process if it dies (default: ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(names = "--recover-every", paramLabel = "<duration>", defaultValue = "PT30S",
            description = "How often to take over executions whose owner died, this server's own included after a restart"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration recoverEvery;

    @Option(names = "--debug", description = "Show resolved inputs, retries, circuit breaker transitions and debug logs.")
    boolean debug;

    /** A started server and its orchestrator; closing it stops both. */
    record Running(WorkflowServer server, Orchestrator orchestrator) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            orchestrator.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        Running running = start(System.err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("maestro: stopping");
            running.close();
            stopped.countDown();
        }, "maestro-serve-stop"));
        stopped.await();
        return 0;
    }

    /** Loads and checks everything, then listens; every problem found first ends the command (exit 2). */
    Running start(PrintStream err) throws IOException {
        Logging.configure(debug);
        limitSlowRequests();
        long maxBytes = maxRequestBytes();
        if (maxWait.isNegative()) {
            throw new UsageError("--max-wait must not be negative");
        }
        String token = token(err);
        Map<String, ServiceBinding> bindings = Orchestrators.bindings(services, err);
        WorkflowCatalog catalog = catalog(bindings, err);
        OrchestratorBuilder builder = Orchestrator.builder().stateStore(Stores.open(store)).leaseTtl(leaseTtl)
                .recoverEvery(recoverEvery).listener(new ProgressPrinter(err, debug));
        bindings.forEach(builder::service);
        Orchestrator orchestrator = builder.build();
        WorkflowServer server;
        try {
            server = WorkflowServer.start(orchestrator, catalog,
                    new WorkflowServer.Settings(new InetSocketAddress(host, port), token, maxBytes, maxWait, bindings.keySet(), frozen));
        } catch (IOException | RuntimeException e) {
            orchestrator.close();
            throw new UsageError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        err.println("maestro: serving " + catalog.size() + " workflow" + (catalog.size() == 1 ? "" : "s") + " on " + server.uri()
                + " (store " + store + (frozen ? ", frozen" : "; POST /workflows adds more") + ")");
        return new Running(server, orchestrator);
    }

    private long maxRequestBytes() {
        BigDecimal bytes = ByteSizes.parse(maxRequestSize);
        if (bytes == null || bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE - 16)) > 0) {
            throw new UsageError("--max-request-size must be a size such as 256KiB or 1MiB, at most 2GiB; got '" + maxRequestSize + "'");
        }
        return bytes.longValue();
    }

    private String token(PrintStream err) {
        String token;
        if (tokenFile != null) {
            Files2.requireReadable(tokenFile, "token");
            try (Stream<String> lines = Files.lines(tokenFile)) {
                token = lines.findFirst().orElse("").strip();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new UsageError("cannot read token file " + tokenFile + ": " + e.getMessage());
            }
        } else if (System.getenv(TOKEN_VARIABLE) != null) {
            token = System.getenv(TOKEN_VARIABLE).strip();
        } else {
            token = BearerToken.generate();
            err.println("maestro: no --token-file or $" + TOKEN_VARIABLE + ": clients must send 'Authorization: Bearer " + token + "'");
        }
        try {
            BearerToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new UsageError((tokenFile != null ? "token file " + tokenFile : "$" + TOKEN_VARIABLE) + ": " + e.getMessage());
        }
        return token;
    }

    private WorkflowCatalog catalog(Map<String, ServiceBinding> bindings, PrintStream err) {
        List<Path> files = new ArrayList<>();
        for (Path p : workflows) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UsageError("cannot list workflow directory " + p + ": " + e.getMessage());
                }
            } else {
                Files2.requireReadable(p, "workflow");
                files.add(p);
            }
        }
        if (files.isEmpty() && frozen) {
            throw new UsageError("nothing to serve: --frozen without any workflow file (*.yaml, *.yml) in --workflows " + workflows);
        }
        List<Workflow> loaded = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Path f : files) {
            try {
                // The orchestrator has no bindings but these and the inline ones: a service bound nowhere is refused here.
                loaded.add(ExecuteCommand.load(f, bindings.keySet(), err));
            } catch (UsageError e) {
                invalid.add(f.toString());
            }
        }
        if (!invalid.isEmpty()) {
            throw new UsageError("not serving: " + String.join(", ", invalid) + (invalid.size() == 1 ? " is" : " are") + " not valid");
        }
        try {
            return WorkflowCatalog.of(loaded);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /**
     * The JDK's server waits for a request's headers and body without a time limit by default:
     * a client sending one byte a minute would hold a connection forever. Read once, when its
     * server class loads, so set before the first server starts (a value given with -D wins).
     */
    private static void limitSlowRequests() {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30"); // seconds to receive a whole request
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaders", "100");
        }
    }
}
