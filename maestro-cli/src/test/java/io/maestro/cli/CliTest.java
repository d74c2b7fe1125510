package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.examples.DemoHttpServices;
import io.maestro.examples.LoanDemo;
import io.maestro.grpc.demo.DemoServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoServer grpc;
    private static DemoHttpServices http;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        grpc = DemoServer.loan(0);
        http = new DemoHttpServices();
    }

    @AfterAll
    static void stopServices() {
        grpc.close();
        http.close();
    }

    static Path resource(String name) {
        try {
            return Path.of(CliTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path loanWorkflow() throws IOException {
        Path p = dir.resolve("loan_processing.yaml");
        try (var in = LoanDemo.class.getResourceAsStream("/loan/loan_processing.yaml")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private Path bindings(boolean brokenDocuments) throws IOException {
        return Files.writeString(dir.resolve("services.yaml"), LoanDemo.bindingsYaml(grpc.endpoint(), http.baseUrl(), brokenDocuments));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return JSON.readValue(text, Map.class);
    }

    @Test
    void validateAcceptsTheSeedWorkflow() throws IOException {
        Cli.Run r = Cli.run("validate", loanWorkflow().toString(), "--services", bindings(false).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateReportsEveryProblemWithItsLineAndColumn() {
        Path file = resource("/cli/invalid/broken.yaml");
        Cli.Run r = Cli.run("validate", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith(file + ":7:5: ").contains("compensat").contains("did you mean 'compensate'");
        assertThat(lines.get(1)).startsWith(file + ":9:9: ").contains("duplicate step id 'first'");
        assertThat(lines.get(2)).startsWith(file + ":12:").contains("expression");
    }

    @Test
    void validateReportsUnknownServicesAgainstABindingsFile() throws IOException {
        Path services = Files.writeString(dir.resolve("s.yaml"), "services:\n  kyc_service: { type: grpc, endpoint: \"localhost:1\" }\n");
        Cli.Run r = Cli.run("validate", loanWorkflow().toString(), "--services", services.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("unknown service 'credit_bureau'");
    }

    @Test
    void purgeDeletesEndedExecutionsOlderThanTheGivenAgeOnly() throws IOException {
        String store = "sqlite:" + dir.resolve("purge.db");
        Cli.Run done = Cli.run("execute", loanWorkflow().toString(), "--services", bindings(false).toString(), "--store", store,
                "--input", "{\"applicant_id\": \"A-750\", \"amount\": 1000}");
        assertThat(done.exitCode()).as(done.err()).isZero();
        String id = (String) json(done.out()).get("execution_id");

        Cli.Run keep = Cli.run("purge", "--older-than", "P1D", "--store", store);
        assertThat(keep.exitCode()).as(keep.err()).isZero();
        assertThat(keep.out()).startsWith("purged 0 executions");
        assertThat(Cli.run("status", id, "--store", store).exitCode()).isZero();

        Cli.Run purge = Cli.run("purge", "--older-than", "PT0S", "--store", store, "--batch", "1");
        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).startsWith("purged 1 execution that ended before");
        Cli.Run gone = Cli.run("status", id, "--store", store);
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err()).contains("no execution '" + id + "'");

        Cli.Run bad = Cli.run("purge", "--older-than", "thirty days", "--store", store);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--older-than");
    }

    @Test
    void executeRunsTheLoanWorkflowWithInlineInputAndPrintsTheResult() throws IOException {
        Cli.Run r = Cli.run("execute", loanWorkflow().toString(), "--services", bindings(false).toString(), "--store", "memory",
                "--input", "{\"applicant_id\": \"A-750\", \"amount\": 1000}");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> result = json(r.out());
        assertThat(result).containsEntry("status", "COMPLETED").containsEntry("workflow", "loan_processing").containsKey("execution_id");
        assertThat((List<?>) result.get("steps")).hasSize(8);
        assertThat(r.err()).contains("✔ auto_approve completed").contains("· reject skipped");
    }

    @Test
    void executeReadsAnInputFileAndExitsOneWhenTheExecutionFails() throws IOException {
        Path input = Files.writeString(dir.resolve("input.json"), "{\"applicant_id\": \"A-780\", \"amount\": 1000}");
        Cli.Run r = Cli.run("execute", loanWorkflow().toString(), "--services", bindings(true).toString(), "--store", "memory",
                "--input-file", input.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        Map<String, Object> result = json(r.out());
        assertThat(result).containsEntry("status", "FAILED");
        Map<?, ?> error = (Map<?, ?>) result.get("error");
        assertThat(error.get("code")).isEqualTo("http_422");
        assertThat(error.get("step")).isEqualTo("generate_contract");
        assertThat(r.err()).contains("↺ auto_approve compensated");
    }

    @Test
    void executeWithoutInputSendsAnEmptyObject() throws IOException {
        Cli.Run r = Cli.run("execute", loanWorkflow().toString(), "--services", bindings(false).toString(), "--store", "memory");
        // The gRPC KYC service requires an applicant id: the empty input fails the first step.
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("✘ verify_identity failed after 1 attempt: grpc_INVALID_ARGUMENT").contains("applicant_id is required");
        assertThat(json(r.out())).containsEntry("status", "FAILED");
    }

    @Test
    void badUsageIsOneClearLineAndExitTwo() throws IOException {
        Cli.Run missing = Cli.run("execute", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().lines().toList()).containsExactly("maestro: workflow file not found: " + dir.resolve("nope.yaml"));

        Path input = Files.writeString(dir.resolve("bad.json"), "{\n  \"applicant_id\": A-1\n}");
        Cli.Run badJson = Cli.run("execute", loanWorkflow().toString(), "--input-file", input.toString(), "--store", "memory");
        assertThat(badJson.exitCode()).isEqualTo(2);
        assertThat(badJson.err().lines().toList()).singleElement().asString()
                .startsWith("maestro: " + input + ":2:").contains("not valid JSON");

        Cli.Run badStore = Cli.run("execute", loanWorkflow().toString(), "--store", "redis://x");
        assertThat(badStore.exitCode()).isEqualTo(2);
        assertThat(badStore.err().lines().toList()).singleElement().asString().startsWith("maestro: unknown store 'redis://x'");

        Cli.Run unknownOption = Cli.run("execute", "--frobnicate");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Try 'maestro execute --help'");
    }

    @Test
    void invalidWorkflowOnExecuteIsExitTwoWithEveryProblem() {
        Cli.Run r = Cli.run("execute", resource("/cli/invalid/broken.yaml").toString(), "--store", "memory");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(4).last().asString().contains("is not a valid workflow (3 problems)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void graphPrintsAMermaidFlowchart() throws IOException {
        Cli.Run r = Cli.run("graph", loanWorkflow().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("flowchart TD\n")
                .contains("verify_identity --> fork1")
                .contains("fork1 --> credit_check", "fork1 --> income_verification", "fork1 --> fraud_check")
                .contains("credit_check --> join1")
                .contains("join1 -->|\"when .credit_score.value #gt; 700 #amp;#amp; .fraud_risk.level == 'low'\"| auto_approve")
                .contains("auto_approve -. compensate .-> auto_approve_undo")
                .contains("generate_contract --> finish");
    }
}
