package io.maestro.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import io.maestro.Orchestrator;
import io.maestro.OrchestratorBuilder;
import io.maestro.event.ExecutionListener;
import io.maestro.grpc.demo.DemoServer;
import io.maestro.grpc.demo.FraudDemoService;
import io.maestro.grpc.demo.KycDemoService;
import io.maestro.grpc.demo.LoanDemoService;
import io.maestro.model.ServiceBinding;
import io.maestro.model.Workflow;
import io.maestro.yaml.ServiceBindings;
import io.maestro.yaml.YamlWorkflows;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code maestro demo}: the seed's loan workflow — its YAML unchanged — against real services on
 * loopback: KYC, fraud detection and the loan service as gRPC servers with server reflection,
 * the credit bureau, employer, review queue and document service as HTTP/JSON servers. Four
 * applicants: auto-approved, manual review, rejected, and one whose contract generation fails
 * for good so that its approval is compensated (CancelApproval over gRPC).
 */
public final class LoanDemo {

    /** One demo execution: who applies, which document service, what should happen. */
    public record Run(String title, Map<String, Object> input, boolean brokenDocuments, ExecutionStatus expected) {
    }

    /** What the demo did: each run's result, and the loans the loan service saw cancelled. */
    public record Outcome(List<ExecutionResult> results, List<String> cancelledLoans) {
    }

    public static final List<Run> RUNS = List.of(
            new Run("auto-approved", Map.of("applicant_id", "A-750", "amount", 25_000), false, ExecutionStatus.COMPLETED),
            new Run("manual review, urgent (high fraud risk)", Map.of("applicant_id", "A-650-risky", "amount", 25_000), false,
                    ExecutionStatus.COMPLETED),
            new Run("rejected", Map.of("applicant_id", "A-550", "amount", 25_000), false, ExecutionStatus.COMPLETED),
            new Run("approved, contract generation fails, approval compensated", Map.of("applicant_id", "A-780", "amount", 25_000), true,
                    ExecutionStatus.FAILED));

    private LoanDemo() {
    }

    /** The seed's workflow, loaded from the YAML shipped with the examples. */
    public static Workflow workflow() {
        try (InputStream in = LoanDemo.class.getResourceAsStream("/loan/loan_processing.yaml");
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return YamlWorkflows.load(reader, "loan/loan_processing.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bindings file for services running at these addresses. */
    public static String bindingsYaml(String grpcEndpoint, String httpBase, boolean brokenDocuments) {
        return """
                services:
                  kyc_service:     { type: grpc, endpoint: "%1$s", plaintext: true }
                  fraud_detection: { type: grpc, endpoint: "%1$s", plaintext: true }
                  loan_service:    { type: grpc, endpoint: "%1$s", plaintext: true, service: loan.v1.LoanService }
                  credit_bureau:   { type: http, endpoint: "%2$s/credit" }
                  employer_api:    { type: http, endpoint: "%2$s/employer" }
                  review_queue:    { type: http, endpoint: "%2$s/review" }
                  document_service:
                    type: http
                    endpoint: "%2$s/%3$s"
                    retry: { max_attempts: 2, backoff: { initial: 50ms, max: 200ms } }
                """.formatted(grpcEndpoint, httpBase, brokenDocuments ? "documents-broken" : "documents");
    }

    /**
     * Runs the four executions, printing each one's result; {@code timeline} sees every event
     * (the CLI prints them). True when each execution ended as expected.
     */
    public static boolean run(PrintStream out, PrintStream err, ExecutionListener timeline) throws IOException {
        List<ExecutionResult> results = runAll(out, timeline).results();
        boolean ok = true;
        for (int i = 0; i < RUNS.size(); i++) {
            if (results.get(i).status() != RUNS.get(i).expected()) {
                err.println("demo: '" + RUNS.get(i).title() + "' ended " + results.get(i).status() + ", expected " + RUNS.get(i).expected());
                ok = false;
            }
        }
        out.println(ok ? "demo: all four executions ended as expected" : "demo: some executions did not end as expected");
        return ok;
    }

    /** Starts the demo services, runs the four executions, stops the services. */
    public static Outcome runAll(PrintStream out, ExecutionListener timeline) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Workflow workflow = workflow();
        List<ExecutionResult> results = new ArrayList<>();
        LoanDemoService loans = new LoanDemoService();
        try (DemoServer grpc = DemoServer.builder().port(0).service(new KycDemoService()).service(new FraudDemoService()).service(loans).start();
                DemoHttpServices http = new DemoHttpServices()) {
            out.println("demo services: gRPC (kyc, fraud, loan; server reflection) at " + grpc.endpoint()
                    + ", HTTP (credit bureau, employer, review queue, documents) at " + http.baseUrl());
            for (Run run : RUNS) {
                out.println();
                out.println("=== " + run.title() + " — input " + run.input());
                Map<String, ServiceBinding> bindings = ServiceBindings.load(bindingsYaml(grpc.endpoint(), http.baseUrl(), run.brokenDocuments()));
                OrchestratorBuilder builder = Orchestrator.builder().listener(timeline);
                bindings.forEach(builder::service);
                try (Orchestrator o = builder.build()) {
                    ExecutionResult r = o.run(workflow, run.input());
                    results.add(r);
                    out.println(json.writeValueAsString(r.toMap()));
                }
            }
            return new Outcome(results, loans.cancelled());
        }
    }
}
