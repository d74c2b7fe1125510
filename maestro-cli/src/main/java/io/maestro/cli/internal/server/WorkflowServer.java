package io.maestro.cli.internal.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.maestro.DefinitionException;
import io.maestro.ExecutionResult;
import io.maestro.MaestroException;
import io.maestro.Orchestrator;
import io.maestro.Submission;
import io.maestro.model.NameSuggestions;
import io.maestro.model.Workflow;
import io.maestro.yaml.LocatedProblem;
import io.maestro.yaml.YamlWorkflows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code maestro serve}: an HTTP/JSON API over one {@link Orchestrator} and the workflows of a
 * {@link WorkflowCatalog} (docs/server.md), on the JDK's {@code HttpServer}.
 *
 * <ul>
 *   <li>{@code GET /health} (no token): {@code {"status": "UP"}}.
 *   <li>{@code GET /workflows}: the workflows served; {@code POST /workflows}: serve one more
 *       (YAML, checked like {@code maestro validate}; refused when frozen).
 *   <li>{@code POST /executions} {@code {"workflow", "version"?, "input"?, "execution_id"?}}:
 *       starts one; answers once its start is journaled (202 and {@code Location}), or with its
 *       result (200) if it ends within {@code ?wait=<seconds>} (or {@code wait=true}: up to the
 *       server's limit).
 *   <li>{@code GET /executions/{id}}: what the store knows of it.
 *   <li>{@code POST /executions/{id}/cancel}, {@code POST /executions/{id}/resume}.
 * </ul>
 *
 * <p>Every request but {@code /health} must carry the server's bearer token (401 otherwise,
 * before anything else is looked at). A request body larger than the limit is refused with 413
 * without being read whole; JSON is parsed with duplicate keys refused and a nesting limit.
 * Handlers never wait for an execution on a thread: a waiting request is answered from the
 * execution's completion. Thread-safe; {@link #close()} stops it.
 */
public final class WorkflowServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkflowServer.class);

    /** Nesting deeper than this in a request body is refused (Jackson's default is 1 000). */
    static final int MAX_JSON_DEPTH = 64;

    private static final Set<String> START_FIELDS = Set.of("workflow", "version", "input", "execution_id");
    private static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");
    /** How a registered workflow's problems name it: {@code workflow:3:5: message}. */
    private static final String WORKFLOW_SOURCE = "workflow";

    /**
     * How the server listens and what it accepts.
     *
     * @param address where to listen (port 0: any free port)
     * @param token the bearer token every request but {@code /health} must carry
     * @param maxRequestBytes the largest request body accepted
     * @param maxWait the longest a request may wait for an execution to end
     * @param boundServices the services the orchestrator has bindings for (a registered workflow
     *     may name only these and its inline ones)
     * @param frozen whether {@code POST /workflows} is refused (only the start-up workflows are served)
     */
    public record Settings(InetSocketAddress address, String token, long maxRequestBytes, Duration maxWait,
            Set<String> boundServices, boolean frozen) {
        public Settings {
            boundServices = Set.copyOf(boundServices);
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("the request size limit must be positive");
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("the longest wait must not be negative");
            }
        }
    }

    private final Orchestrator orchestrator;
    private final WorkflowCatalog workflows;
    private final BearerToken token;
    private final long maxRequestBytes;
    private final Duration maxWait;
    private final Set<String> boundServices;
    private final boolean frozen;
    private final ObjectMapper json;
    private final ExecutorService handlers;
    private final HttpServer http;

    private WorkflowServer(Orchestrator orchestrator, WorkflowCatalog workflows, Settings settings) throws IOException {
        this.orchestrator = orchestrator;
        this.workflows = workflows;
        this.token = BearerToken.of(settings.token());
        this.maxRequestBytes = settings.maxRequestBytes();
        this.maxWait = settings.maxWait();
        this.boundServices = settings.boundServices();
        this.frozen = settings.frozen();
        this.json = new ObjectMapper(JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
                .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "maestro-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpServer.create(settings.address(), 0);
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /** Starts listening; the caller keeps the orchestrator and closes it after the server. */
    public static WorkflowServer start(Orchestrator orchestrator, WorkflowCatalog workflows, Settings settings) throws IOException {
        WorkflowServer server = new WorkflowServer(orchestrator, workflows, settings);
        server.http.start();
        return server;
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** Stops listening, lets the requests being answered finish for up to a second, then stops. */
    @Override
    public void close() {
        http.stop(1);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (ApiError e) {
            send(exchange, e.status(), e.body(), e.headers());
        } catch (RuntimeException | IOException e) {
            log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            send(exchange, 500, new ApiError(500, "internal_error", "the server failed to answer; see its log").body(), Map.of());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/health")) {
            allow(method, "GET");
            send(exchange, 200, Map.of("status", "UP"), Map.of());
            return;
        }
        token.check(exchange.getRequestHeaders().getFirst("Authorization"));
        String[] parts = path.length() > 1 && path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        if (parts.length == 1 && parts[0].equals("workflows")) {
            if (method.equals("POST")) {
                register(exchange);
            } else {
                allow(method, "GET", "POST");
                send(exchange, 200, Map.of("workflows", workflows.describe()), Map.of());
            }
        } else if (parts.length == 1 && parts[0].equals("executions")) {
            allow(method, "POST");
            startExecution(exchange);
        } else if (parts.length == 2 && parts[0].equals("executions")) {
            allow(method, "GET");
            String id = executionId(parts[1]);
            send(exchange, 200, statusOf(id).orElseThrow(() -> unknownExecution(id)), Map.of());
        } else if (parts.length == 3 && parts[0].equals("executions") && parts[2].equals("cancel")) {
            allow(method, "POST");
            cancel(exchange, executionId(parts[1]));
        } else if (parts.length == 3 && parts[0].equals("executions") && parts[2].equals("resume")) {
            allow(method, "POST");
            resume(exchange, executionId(parts[1]));
        } else {
            throw new ApiError(404, "not_found", "no such resource: " + path
                    + " (try /workflows, /executions or /executions/{id}[/cancel|/resume])");
        }
    }

    /** {@code POST /workflows}: a workflow in YAML (or JSON), checked as {@code maestro validate} would. */
    private void register(HttpExchange exchange) throws IOException {
        if (frozen) {
            throw new ApiError(403, "frozen", "this server serves only the workflows it started with (--frozen)");
        }
        byte[] bytes = readBody(exchange);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String media = mediaType(type);
        if (!YAML_TYPES.contains(media) && !media.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "send the workflow as Content-Type: application/yaml (or application/json); got "
                    + (type == null ? "no Content-Type" : type));
        }
        if (bytes.length == 0) {
            throw new ApiError(400, "invalid_request", "the body must be a workflow definition");
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        List<LocatedProblem> problems = YamlWorkflows.validate(new StringReader(text), WORKFLOW_SOURCE, boundServices);
        if (!problems.isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "invalid_workflow");
            error.put("message", "the workflow has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
            error.put("problems", problems.stream().map(LocatedProblem::toString).toList());
            send(exchange, 422, Map.of("error", error), Map.of());
            return;
        }
        Workflow workflow = YamlWorkflows.load(new StringReader(text), WORKFLOW_SOURCE);
        boolean added = workflows.register(workflow) == WorkflowCatalog.Registration.ADDED;
        log.info("workflow {} version {} {}", workflow.name(), workflow.version(), added ? "registered" : "registered again (unchanged)");
        send(exchange, added ? 201 : 200, WorkflowCatalog.describe(workflow), Map.of());
    }

    private void startExecution(HttpExchange exchange) throws IOException {
        Duration wait = waitOf(exchange);
        Map<String, Object> body = object(readJson(exchange));
        for (String field : body.keySet()) {
            if (!START_FIELDS.contains(field)) {
                throw new ApiError(400, "invalid_request", "unknown field '" + field + "'" + NameSuggestions.didYouMean(field, START_FIELDS)
                        + "; expected workflow, version, input, execution_id");
            }
        }
        Workflow workflow = workflows.find(text(body, "workflow", true), text(body, "version", false));
        String id = text(body, "execution_id", false);
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        Object input = body.containsKey("input") ? body.get("input") : Map.of();
        CompletableFuture<Submission> submitted;
        try {
            submitted = orchestrator.submit(workflow, input, id).toCompletableFuture();
        } catch (DefinitionException e) {
            // The catalog was checked at start-up against the bindings; this is what only the engine sees (a missing transport).
            log.error("workflow {} cannot run: {}", workflow.name(), e.getMessage());
            throw new ApiError(500, "invalid_definition", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_request", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiError(503, "unavailable", e.getMessage());
        }
        String executionId = id;
        submitted.whenCompleteAsync((s, failure) -> {
            if (failure != null) {
                fail(exchange, failure);
            } else {
                answerWhenEnded(exchange, executionId, s.result().toCompletableFuture(), wait);
            }
        }, handlers);
    }

    private void resume(HttpExchange exchange, String id) throws IOException {
        Duration wait = waitOf(exchange);
        drain(exchange);
        if (statusOf(id).isEmpty()) {
            throw unknownExecution(id);
        }
        CompletableFuture<ExecutionResult> resumed;
        try {
            resumed = orchestrator.resume(id).toCompletableFuture();
        } catch (IllegalStateException e) {
            throw new ApiError(503, "unavailable", e.getMessage());
        }
        resumed.whenComplete((r, e) -> {
            if (e != null) {
                log.warn("resuming execution {} failed: {}", id, rootCause(e).getMessage());
            }
        });
        answerWhenEnded(exchange, id, resumed, wait);
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        drain(exchange);
        if (orchestrator.cancel(id)) {
            send(exchange, 202, statusOf(id).orElse(Map.of("execution_id", id)), Map.of());
            return;
        }
        Map<String, Object> known = statusOf(id).orElseThrow(() -> unknownExecution(id));
        throw new ApiError(409, "not_running_here", "execution " + id + " is " + known.get("status")
                + (known.get("status").equals("RUNNING") ? " on another instance: cancel it there" : ": nothing to cancel"));
    }

    /**
     * Answers with the result (200) if the execution ends within {@code wait}, else with what
     * the store knows now (202); a failed stage is answered as an error.
     */
    private void answerWhenEnded(HttpExchange exchange, String id, CompletableFuture<ExecutionResult> result, Duration wait) {
        CompletableFuture<ExecutionResult> bounded = wait.isZero() || result.isDone()
                ? result
                : result.copy().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
        if (!bounded.isDone() && wait.isZero()) {
            accepted(exchange, id);
            return;
        }
        bounded.whenCompleteAsync((r, failure) -> {
            if (failure != null) {
                fail(exchange, failure);
            } else if (r == null) {
                accepted(exchange, id);
            } else {
                send(exchange, 200, r.toMap(), Map.of());
            }
        }, handlers);
    }

    private void accepted(HttpExchange exchange, String id) {
        Map<String, Object> body = statusOf(id).orElse(Map.of("execution_id", id, "status", "RUNNING"));
        send(exchange, 202, body, Map.of("Location", "/executions/" + id));
    }

    private Optional<Map<String, Object>> statusOf(String id) {
        return orchestrator.status(id).map(ExecutionResult::toMap);
    }

    /** A failed start or resume, as the error a client can act on. */
    private void fail(HttpExchange exchange, Throwable failure) {
        Throwable cause = rootCause(failure);
        ApiError error;
        if (cause instanceof MaestroException m && m.code().equals("execution_conflict")) {
            error = new ApiError(409, m.code(), m.getMessage());
        } else if (cause instanceof MaestroException m && m.code().equals("state_store")) {
            error = new ApiError(503, m.code(), m.getMessage());
        } else if (cause instanceof IllegalArgumentException) {
            error = new ApiError(404, "unknown_execution", cause.getMessage());
        } else if (cause instanceof IllegalStateException) {
            error = new ApiError(409, "conflict", cause.getMessage());
        } else {
            log.error("execution request failed", cause);
            error = new ApiError(500, cause instanceof MaestroException m ? m.code() : "internal_error", String.valueOf(cause.getMessage()));
        }
        send(exchange, error.status(), error.body(), error.headers());
    }

    private static Throwable rootCause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code ?wait=<seconds>} or {@code ?wait=true} (the longest allowed); none or false: do not wait. */
    private Duration waitOf(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || query.isEmpty()) {
            return Duration.ZERO;
        }
        Duration wait = Duration.ZERO;
        for (String param : query.split("&")) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "true" : param.substring(eq + 1);
            if (!name.equals("wait")) {
                throw new ApiError(400, "invalid_request", "unknown query parameter '" + name + "'; expected wait");
            }
            if (value.equals("true")) {
                wait = maxWait;
            } else if (value.equals("false")) {
                wait = Duration.ZERO;
            } else {
                try {
                    double seconds = Double.parseDouble(value);
                    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                        throw new NumberFormatException();
                    }
                    Duration asked = Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0));
                    wait = asked.compareTo(maxWait) > 0 ? maxWait : asked;
                } catch (NumberFormatException e) {
                    throw new ApiError(400, "invalid_request", "wait must be true, false or a number of seconds; got '" + value + "'");
                }
            }
        }
        return wait;
    }

    /** The body as JSON, or null when empty; refuses bodies over the limit without reading them whole. */
    private Object readJson(HttpExchange exchange) throws IOException {
        byte[] bytes = readBody(exchange);
        if (bytes.length == 0) {
            return null;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String media = mediaType(type);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw new ApiError(415, "unsupported_media_type", "the body must be JSON sent as Content-Type: application/json; got "
                    + (type == null ? "no Content-Type" : type));
        }
        try {
            return json.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiError(400, "invalid_json", "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxRequestBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "invalid_request", "Content-Length is not a number: " + declared);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(maxRequestBytes + 1, Integer.MAX_VALUE - 16));
            if (bytes.length > maxRequestBytes) {
                throw tooLarge();
            }
            return bytes;
        }
    }

    /** A request that takes no body: whatever was sent is read (within the limit) and ignored. */
    private void drain(HttpExchange exchange) throws IOException {
        readBody(exchange);
    }

    private ApiError tooLarge() {
        return new ApiError(413, "request_too_large", "the request body is larger than the server's limit of " + maxRequestBytes + " bytes",
                Map.of("Connection", "close"));
    }

    private static void allow(String method, String... allowed) {
        if (!List.of(allowed).contains(method)) {
            String list = String.join(", ", allowed);
            throw new ApiError(405, "method_not_allowed", method + " is not allowed here; use " + list, Map.of("Allow", list));
        }
    }

    private static String executionId(String segment) {
        if (segment.isEmpty() || segment.length() > 128 || !segment.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':')) {
            throw new ApiError(400, "invalid_request", "an execution id is 1 to 128 letters, digits, _ - . or :");
        }
        return segment;
    }

    private static ApiError unknownExecution(String id) {
        return new ApiError(404, "unknown_execution", "no execution '" + id + "' in the store");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object body) {
        if (!(body instanceof Map)) {
            throw new ApiError(400, "invalid_request", "the body must be a JSON object such as {\"workflow\": \"loan_processing\", \"input\": {…}}");
        }
        return (Map<String, Object>) body;
    }

    private static String text(Map<String, Object> body, String field, boolean required) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                throw new ApiError(400, "invalid_request", "the field '" + field + "' is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ApiError(400, "invalid_request", "the field '" + field + "' must be a string");
        }
        return s;
    }

    private void send(HttpExchange exchange, int status, Object body, Map<String, String> headers) {
        try (exchange) {
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
            var h = exchange.getResponseHeaders();
            h.set("Content-Type", "application/json");
            h.set("Cache-Control", "no-store");
            h.set("X-Content-Type-Options", "nosniff");
            headers.forEach(h::set);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }
}
