package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.maestro.examples.DemoHttpServices;
import io.maestro.examples.LoanDemo;
import io.maestro.grpc.demo.DemoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code maestro serve} against the real loan demo services (gRPC and HTTP on loopback), with
 * a real HTTP client: tokens, the execution API, and every kind of bad request.
 */
class ServeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static DemoServer grpc;
    private static DemoHttpServices http;
    /** A service that never answers: executions of slow_flow stay RUNNING until cancelled. */
    private static HttpServer hanging;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServeCommand.Running running;
    private URI base;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeAll
    static void startServices() throws IOException {
        grpc = DemoServer.loan(0);
        http = new DemoHttpServices();
        hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/", exchange -> {
            // never answered; closed when the client aborts or the server stops
        });
        hanging.start();
    }

    @AfterAll
    static void stopServices() {
        grpc.close();
        http.close();
        hanging.stop(0);
    }

    @BeforeEach
    void serve() throws IOException {
        Path workflows = Files.createDirectories(dir.resolve("workflows"));
        try (InputStream in = LoanDemo.class.getResourceAsStream("/loan/loan_processing.yaml")) {
            Files.write(workflows.resolve("loan_processing.yaml"), in.readAllBytes());
        }
        Files.writeString(workflows.resolve("slow_flow.yml"), """
                name: slow_flow
                version: "1"
                services:
                  slow: { type: http, endpoint: "http://127.0.0.1:%d", timeout: 60s }
                steps:
                  - id: wait_forever
                    service: slow
                    method: "GET /hang"
                """.formatted(hanging.getAddress().getPort()));
        Files.writeString(workflows.resolve("notes.txt"), "not a workflow: ignored");
        Path services = Files.writeString(dir.resolve("services.yaml"), LoanDemo.bindingsYaml(grpc.endpoint(), http.baseUrl(), false));
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        ServeCommand command = parse("--workflows", workflows.toString(), "--services", services.toString(), "--store", "memory",
                "--port", "0", "--token-file", token.toString(), "--max-request-size", "4KiB", "--max-wait", "PT20S");
        running = command.start(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        base = running.server().uri();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private static ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authorized(String method, String path, String body) throws Exception {
        return body == null
                ? send(method, path, null, "Authorization", "Bearer " + TOKEN)
                : send(method, path, body, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> r) throws IOException {
        return JSON.readValue(r.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpResponse<String> r) throws IOException {
        return (Map<String, Object>) json(r).get("error");
    }

    @Test
    void healthNeedsNoTokenAndEverythingElseNeedsTheServersToken() throws Exception {
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("serving 2 workflows on " + base);

        HttpResponse<String> none = send("GET", "/workflows", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"maestro\"");
        assertThat(error(none)).containsEntry("code", "unauthorized");
        assertThat(send("GET", "/workflows", null, "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/workflows", null, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        // No route is revealed without the token, not even which exist.
        assertThat(send("GET", "/no-such-thing", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/executions", "{\"workflow\": \"loan_processing\"}", "Content-Type", "application/json").statusCode())
                .isEqualTo(401);

        HttpResponse<String> listed = authorized("GET", "/workflows", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        List<?> workflows = (List<?>) json(listed).get("workflows");
        assertThat(workflows).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> loan = (Map<String, Object>) workflows.get(0);
        assertThat(loan).containsEntry("name", "loan_processing").containsEntry("version", "1.0");
        assertThat(loan.get("steps")).asList().contains("verify_identity", "credit_check", "auto_approve");
    }

    @Test
    void startsTheLoanWorkflowAndAnswersWithItsResultWhenAskedToWait() throws Exception {
        HttpResponse<String> r = authorized("POST", "/executions?wait=true",
                "{\"workflow\": \"loan_processing\", \"execution_id\": \"loan-1\", \"input\": {\"applicant_id\": \"A-750\", \"amount\": 1000}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> result = json(r);
        assertThat(result).containsEntry("execution_id", "loan-1").containsEntry("status", "COMPLETED");
        assertThat((List<?>) result.get("steps")).hasSize(8);

        HttpResponse<String> status = authorized("GET", "/executions/loan-1", null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status)).containsEntry("status", "COMPLETED").containsEntry("workflow", "loan_processing");
    }

    @Test
    void withoutWaitingAnswers202OnceTheStartIsJournaledAndTheExecutionCanBeFollowed() throws Exception {
        HttpResponse<String> r = authorized("POST", "/executions",
                "{\"workflow\": \"loan_processing\", \"input\": {\"applicant_id\": \"A-640\", \"amount\": 1000}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = (String) json(r).get("execution_id");
        assertThat(r.headers().firstValue("Location")).hasValue("/executions/" + id);
        Map<String, Object> status = json(authorized("GET", "/executions/" + id, null));
        for (int i = 0; i < 200 && status.get("status").equals("RUNNING"); i++) {
            Thread.sleep(25);
            status = json(authorized("GET", "/executions/" + id, null));
        }
        assertThat(status).containsEntry("status", "COMPLETED");
    }

    @Test
    void startingAgainWithTheSameIdIsIdempotentAndADifferentInputConflicts() throws Exception {
        String body = "{\"workflow\": \"loan_processing\", \"execution_id\": \"loan-2\", \"input\": {\"applicant_id\": \"A-750\", \"amount\": 1000}}";
        Map<String, Object> first = json(authorized("POST", "/executions?wait=10", body));
        HttpResponse<String> again = authorized("POST", "/executions?wait=10", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(first);

        HttpResponse<String> conflict = authorized("POST", "/executions", body.replace("1000", "2000"));
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(error(conflict)).containsEntry("code", "execution_conflict");
        assertThat((String) error(conflict).get("message")).contains("different input");
    }

    @Test
    void aRunningExecutionCanBeCancelledOnlyOnce() throws Exception {
        HttpResponse<String> started = authorized("POST", "/executions?wait=0.2", "{\"workflow\": \"slow_flow\", \"execution_id\": \"slow-1\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(json(started)).containsEntry("status", "RUNNING");

        HttpResponse<String> cancelled = authorized("POST", "/executions/slow-1/cancel", null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
        Map<String, Object> status = json(authorized("GET", "/executions/slow-1", null));
        for (int i = 0; i < 200 && !status.get("status").equals("CANCELLED"); i++) {
            Thread.sleep(25);
            status = json(authorized("GET", "/executions/slow-1", null));
        }
        assertThat(status).containsEntry("status", "CANCELLED");

        HttpResponse<String> again = authorized("POST", "/executions/slow-1/cancel", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again)).containsEntry("code", "not_running_here");
        assertThat(authorized("POST", "/executions/nope/cancel", null).statusCode()).isEqualTo(404);
    }

    @Test
    void resumeAnswersWithTheRecordedResultOfAnEndedExecutionAnd404ForAnUnknownOne() throws Exception {
        authorized("POST", "/executions?wait=true",
                "{\"workflow\": \"loan_processing\", \"execution_id\": \"loan-3\", \"input\": {\"applicant_id\": \"A-750\", \"amount\": 1000}}");

        HttpResponse<String> resumed = authorized("POST", "/executions/loan-3/resume?wait=true", null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json(resumed)).containsEntry("execution_id", "loan-3").containsEntry("status", "COMPLETED");

        HttpResponse<String> unknown = authorized("POST", "/executions/never-started/resume", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown)).containsEntry("code", "unknown_execution");
        assertThat(authorized("GET", "/executions/never-started", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badRequestsGetAClearErrorAndStartNothing() throws Exception {
        HttpResponse<String> malformed = authorized("POST", "/executions", "{\"workflow\": \"loan_processing\",\n \"input\": {]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed)).containsEntry("code", "invalid_json");
        assertThat((String) error(malformed).get("message")).contains("line 2");

        HttpResponse<String> misspelled = authorized("POST", "/executions", "{\"workflow\": \"loan_processing\", \"inptu\": {}}");
        assertThat(misspelled.statusCode()).isEqualTo(400);
        assertThat((String) error(misspelled).get("message")).contains("unknown field 'inptu'").contains("did you mean 'input'");

        HttpResponse<String> unknown = authorized("POST", "/executions", "{\"workflow\": \"loan_procesing\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat((String) error(unknown).get("message")).contains("did you mean 'loan_processing'");

        assertThat(authorized("POST", "/executions", "{\"input\": {}}").statusCode()).isEqualTo(400);
        assertThat(authorized("POST", "/executions", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(authorized("POST", "/executions", null).statusCode()).isEqualTo(400);
        assertThat(authorized("POST", "/executions", "{\"workflow\": \"slow_flow\", \"workflow\": \"loan_processing\"}").statusCode())
                .as("duplicate keys").isEqualTo(400);
        assertThat(authorized("POST", "/executions", "{\"workflow\": \"slow_flow\", \"execution_id\": \"no spaces\"}").statusCode())
                .isEqualTo(400);
        assertThat(authorized("POST", "/executions?wait=soon", "{\"workflow\": \"slow_flow\"}").statusCode()).isEqualTo(400);
        String deep = "[".repeat(200) + "]".repeat(200);
        HttpResponse<String> nested = authorized("POST", "/executions", "{\"workflow\": \"slow_flow\", \"input\": " + deep + "}");
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat((String) error(nested).get("message")).contains("nesting depth");

        HttpResponse<String> text = send("POST", "/executions", "{\"workflow\": \"slow_flow\"}",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "text/plain");
        assertThat(text.statusCode()).isEqualTo(415);

        HttpResponse<String> wrongMethod = authorized("DELETE", "/executions/loan-1", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(authorized("GET", "/executions/a/b/c", null).statusCode()).isEqualTo(404);

        // Nothing above started an execution of slow_flow (it would hang on the service).
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("wait_forever");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        String big = "{\"workflow\": \"slow_flow\", \"input\": {\"pad\": \"" + "x".repeat(5000) + "\"}}";
        HttpResponse<String> declared = authorized("POST", "/executions", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(error(declared)).containsEntry("code", "request_too_large");

        // Chunked: no Content-Length, so the server counts as it reads.
        HttpRequest chunked = HttpRequest.newBuilder(base.resolve("/executions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(big)))
                .build();
        HttpResponse<String> streamed = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("wait_forever");
    }

    private static final String CREDIT_ONLY = """
            name: credit_only
            version: "1"
            steps:
              - id: credit_check
                service: credit_bureau
                method: GetCreditScore
                output: credit_score
            """;

    private HttpResponse<String> registerYaml(URI server, String yaml) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(server.resolve("/workflows")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build();
        return client.send(post, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRegisteredWorkflowIsServedAndANameAndVersionAlwaysMeanOneDefinition() throws Exception {
        HttpResponse<String> added = registerYaml(base, CREDIT_ONLY);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(json(added)).containsEntry("name", "credit_only").containsEntry("steps", List.of("credit_check"));
        assertThat((List<?>) json(authorized("GET", "/workflows", null)).get("workflows")).hasSize(3);

        assertThat(registerYaml(base, CREDIT_ONLY).statusCode()).as("the same definition again").isEqualTo(200);
        HttpResponse<String> changed = registerYaml(base, CREDIT_ONLY.replace("output: credit_score", "output: score"));
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(error(changed)).containsEntry("code", "workflow_exists");

        HttpResponse<String> ran = authorized("POST", "/executions?wait=true",
                "{\"workflow\": \"credit_only\", \"input\": {\"applicant_id\": \"A-750\"}}");
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        assertThat(json(ran)).containsEntry("status", "COMPLETED");
        assertThat(json(ran).get("output")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("credit_score");
    }

    @Test
    void anInvalidWorkflowIsRefusedWithEveryProblemAndItsPlace() throws Exception {
        HttpResponse<String> invalid = registerYaml(base, CREDIT_ONLY.replace("service: credit_bureau", "service: credit_bureu")
                .replace("output: credit_score", "output: credit_score\n    retyr: 3"));
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);
        assertThat(error(invalid)).containsEntry("code", "invalid_workflow");
        assertThat((List<?>) error(invalid).get("problems")).hasSize(2).anySatisfy(p -> assertThat((String) p)
                .startsWith("workflow:5:14:").contains("credit_bureu")).anySatisfy(p -> assertThat((String) p).contains("retyr"));
        assertThat(registerYaml(base, "steps: [\n").statusCode()).isEqualTo(422);
        assertThat((List<?>) json(authorized("GET", "/workflows", null)).get("workflows")).hasSize(2);

        HttpRequest asText = HttpRequest.newBuilder(base.resolve("/workflows")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(CREDIT_ONLY)).build();
        assertThat(client.send(asText, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
    }

    @Test
    void aFrozenServerRefusesNewWorkflowsAndAnOpenOneMayStartWithNone() throws Exception {
        Path services = dir.resolve("services.yaml");
        Path token = dir.resolve("token");
        try (ServeCommand.Running frozen = parse("--workflows", dir.resolve("workflows").toString(), "--frozen", "--services",
                services.toString(), "--token-file", token.toString(), "--store", "memory", "--port", "0").start(quiet())) {
            HttpResponse<String> refused = registerYaml(frozen.server().uri(), CREDIT_ONLY);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(error(refused)).containsEntry("code", "frozen");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ServeCommand.Running empty = parse("--services", services.toString(), "--token-file", token.toString(),
                "--store", "memory", "--port", "0").start(new PrintStream(err, true, StandardCharsets.UTF_8))) {
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("serving 0 workflows");
            assertThat(registerYaml(empty.server().uri(), CREDIT_ONLY).statusCode()).isEqualTo(201);
        }
        Cli.Run nothing = Cli.run("serve", "--frozen", "--token-file", token.toString(), "--store", "memory", "--port", "0");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to serve");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void theCommandRefusesAShortTokenAndInvalidWorkflowsWithExitTwo() throws IOException {
        Path token = Files.writeString(dir.resolve("short"), "abc\n");
        Cli.Run shortToken = Cli.run("serve", "--workflows", dir.resolve("workflows").toString(), "--token-file", token.toString(),
                "--store", "memory", "--port", "0");
        assertThat(shortToken.exitCode()).isEqualTo(2);
        assertThat(shortToken.err()).contains("at least 16 characters");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "name: broken\nversion: \"1\"\nsteps:\n  - id: a\n    servce: x\n");
        Cli.Run invalid = Cli.run("serve", "--workflows", broken.toString(), "--token-file", dir.resolve("token").toString(),
                "--store", "memory", "--port", "0");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("broken.yaml:5:5").contains("not serving");

        // Without the bindings file the loan workflow's services are bound nowhere: refused before listening.
        Cli.Run unbound = Cli.run("serve", "--workflows", dir.resolve("workflows").toString(), "--token-file", dir.resolve("token").toString(),
                "--store", "memory", "--port", "0");
        assertThat(unbound.exitCode()).isEqualTo(2);
        assertThat(unbound.err()).contains("loan_processing.yaml:").contains("kyc_service").contains("not serving")
                .doesNotContain("serving 2 workflows");
    }

    @Test
    void withoutATokenTheServerMakesOneAndPrintsItOnce() throws Exception {
        ServeCommand command = parse("--workflows", dir.resolve("workflows").toString(), "--services", dir.resolve("services.yaml").toString(),
                "--store", "memory", "--port", "0");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(ServeCommand.TOKEN_VARIABLE) == null, "MAESTRO_TOKEN is set here");
        try (ServeCommand.Running other = command.start(new PrintStream(err, true, StandardCharsets.UTF_8))) {
            String printed = err.toString(StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Bearer ([A-Za-z0-9_-]{43})").matcher(printed);
            assertThat(m.find()).as(printed).isTrue();
            HttpRequest listed = HttpRequest.newBuilder(other.server().uri().resolve("/workflows"))
                    .header("Authorization", "Bearer " + m.group(1)).build();
            assertThat(client.send(listed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpRequest ours = HttpRequest.newBuilder(other.server().uri().resolve("/workflows"))
                    .header("Authorization", "Bearer " + TOKEN).build();
            assertThat(client.send(ours, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }
}
