package io.maestro.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maestro.ExecutionResult;
import io.maestro.Orchestrator;
import io.maestro.StepResult;
import io.maestro.event.ExecutionEvent;
import io.maestro.spi.transport.InMemoryTransport;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code maestro demo}: runs the loan workflow for four applicants — auto-approved, manual
 * review, rejected, and one whose contract generation fails so the approval is compensated —
 * printing each execution's timeline and result.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "demo" : args[0];
        if (!command.equals("demo")) {
            System.err.println("usage: maestro demo   (the other commands arrive with the CLI)");
            System.exit(2);
        }
        System.exit(demo(System.out, System.err) ? 0 : 1);
    }

    /** Runs the four demo executions; true when each ended as expected. */
    public static boolean demo(PrintStream out, PrintStream err) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        InMemoryTransport contractsWork = LoanExample.servicesWithContracts(true);
        InMemoryTransport contractsFail = LoanExample.services();
        boolean allAsExpected = true;
        record Run(String title, InMemoryTransport services, String applicant, String expected) {
        }
        List<Run> runs = List.of(
                new Run("auto-approved", contractsWork, "A-750", "COMPLETED"),
                new Run("manual review (high fraud risk)", contractsWork, "A-650-risky", "COMPLETED"),
                new Run("rejected", contractsWork, "A-550", "COMPLETED"),
                new Run("approved, contract fails, approval compensated", contractsFail, "A-780-nocontract", "FAILED"));
        for (Run run : runs) {
            out.println("=== " + run.title() + " — applicant " + run.applicant());
            try (Orchestrator o = Orchestrator.builder().transport(run.services())
                    .defaults(d -> d.retry(io.maestro.model.RetrySpec.exponential(2, java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(100))))
                    .listener(e -> timeline(out, e)).build()) {
                ExecutionResult r = o.run(LoanExample.workflow(), Map.of("applicant_id", run.applicant()));
                out.println(json.writeValueAsString(summary(r)));
                if (!r.status().name().equals(run.expected())) {
                    err.println("unexpected status " + r.status() + " (expected " + run.expected() + ")");
                    allAsExpected = false;
                }
            }
            out.println();
        }
        return allAsExpected;
    }

    private static void timeline(PrintStream out, ExecutionEvent e) {
        String line = switchLine(e);
        if (line != null) {
            out.println("  " + line);
        }
    }

    private static String switchLine(ExecutionEvent e) {
        if (e instanceof ExecutionEvent.StepStarted s) {
            return "▶ " + s.stepId() + " (attempt " + s.attempt() + ")";
        } else if (e instanceof ExecutionEvent.StepCompleted s) {
            return "✔ " + s.stepId() + " in " + s.duration().toMillis() + " ms";
        } else if (e instanceof ExecutionEvent.StepSkipped s) {
            return "· " + s.stepId() + " skipped (condition false)";
        } else if (e instanceof ExecutionEvent.StepFailed s) {
            return "✘ " + s.stepId() + " failed after " + s.attempts() + " attempt(s): " + s.error().message();
        } else if (e instanceof ExecutionEvent.CompensationCompleted s) {
            return "↺ " + s.stepId() + " compensated";
        } else if (e instanceof ExecutionEvent.CompensationFailed s) {
            return "‼ " + s.stepId() + " compensation failed: " + s.error().message();
        }
        return null;
    }

    static Map<String, Object> summary(ExecutionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_id", r.executionId());
        m.put("workflow", r.workflow());
        m.put("version", r.version());
        m.put("status", r.status().name());
        m.put("output", r.output());
        m.put("steps", r.steps().stream().map(Main::step).toList());
        if (r.error() != null) {
            m.put("error", r.error().toMap());
        }
        return m;
    }

    private static Map<String, Object> step(StepResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("status", s.status().name());
        m.put("attempts", s.attempts());
        m.put("duration_ms", s.duration().toMillis());
        if (s.error() != null) {
            m.put("error", s.error().message());
        }
        return m;
    }
}
