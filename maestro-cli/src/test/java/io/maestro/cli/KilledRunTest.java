package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maestro execute --store sqlite:…} in a child JVM, killed with SIGKILL while a step's
 * call is in flight; then {@code maestro status} shows where it stopped and {@code maestro
 * resume} finishes it without calling the completed step again.
 */
class KilledRunTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> slowKeys = new CopyOnWriteArrayList<>();
    private final CountDownLatch slowReleased = new CountDownLatch(1);
    private volatile boolean slowAnswers;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/First", ex -> reply(ex, "{\"n\": 7}", "First"));
        server.createContext("/Slow", ex -> {
            slowKeys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            if (!slowAnswers) {
                try {
                    slowReleased.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply(ex, "{\"ok\": true}", "Slow");
        });
        server.createContext("/Last", ex -> reply(ex, "{}", "Last"));
        server.createContext("/UndoFirst", ex -> reply(ex, "{}", "UndoFirst"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        slowReleased.countDown();
        server.stop(0);
    }

    private void reply(HttpExchange ex, String body, String name) throws IOException {
        calls.add(name);
        ex.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        } catch (IOException clientGone) {
            // the killed process no longer reads
        }
    }

    @Test
    void aKilledExecutionIsShownByStatusAndFinishedByResume() throws Exception {
        Path services = Files.writeString(dir.resolve("services.yaml"),
                "services:\n  svc: { type: http, endpoint: \"http://127.0.0.1:" + server.getAddress().getPort() + "\" }\n");
        String store = "sqlite:" + dir.resolve("maestro.db");
        Path workflow = Files.copy(CliTest.resource("/cli/three_steps.yaml"), dir.resolve("three_steps.yaml"));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "execute", workflow.toString(), "--services", services.toString(), "--store", store,
                "--execution-id", "killed-1", "--lease-ttl", "PT1S")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (slowKeys.isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(slowKeys).as("child log: %s", Files.readString(dir.resolve("child.log"))).hasSize(1);
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        Cli.Run status = Cli.run("status", "killed-1", "--store", store);
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("STEP_COMPLETED", "first", "STEP_STARTED", "slow").contains("status: RUNNING (or interrupted");

        // The file changes between the crash and the resume: resume runs what was started.
        Files.writeString(workflow, Files.readString(workflow).replace("method: Last", "method: Changed"));
        slowAnswers = true;
        Cli.Run resumed = Cli.run("resume", "killed-1", "--store", store);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("\"status\" : \"COMPLETED\"");
        assertThat(calls.stream().filter("First"::equals).count()).isEqualTo(1);
        assertThat(slowKeys).containsExactly("killed-1:slow", "killed-1:slow");
        assertThat(calls).contains("Last").doesNotContain("Changed");

        assertThat(Cli.run("status", "killed-1", "--store", store).out()).contains("status: COMPLETED");
        assertThat(Cli.run("status", "nope", "--store", store).exitCode()).isEqualTo(2);
    }

    @Test
    void ctrlCCancelsTheExecutionCompensatesAndExitsNonZero() throws Exception {
        Path services = Files.writeString(dir.resolve("services.yaml"),
                "services:\n  svc: { type: http, endpoint: \"http://127.0.0.1:" + server.getAddress().getPort() + "\" }\n");
        Path workflow = Files.writeString(dir.resolve("compensated.yaml"), Files.readString(CliTest.resource("/cli/three_steps.yaml"))
                .replace("    method: First\n", "    method: First\n    compensate: { method: UndoFirst }\n"));
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "execute", workflow.toString(), "--services", services.toString(), "--store", "memory")
                .redirectError(dir.resolve("child.err").toFile()).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (slowKeys.isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(slowKeys).as(Files.readString(dir.resolve("child.err"))).hasSize(1);
        new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).isNotZero();
        assertThat(calls).contains("UndoFirst").doesNotContain("Last");
        assertThat(Files.readString(out)).contains("\"status\" : \"CANCELLED\"");
        assertThat(Files.readString(dir.resolve("child.err"))).contains("interrupted: cancelling");
    }
}
