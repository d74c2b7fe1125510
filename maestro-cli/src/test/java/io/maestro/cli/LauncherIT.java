package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./maestro} launcher at the repository root, run as a user would (after {@code package}). */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private static String[] run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("maestro").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), out, err};
    }

    @Test
    void theLauncherValidatesTheSeedWorkflow() throws Exception {
        String[] r = run("validate", "maestro-examples/src/main/resources/loan/loan_processing.yaml");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("valid");
    }

    @Test
    void theLauncherReportsBadUsageWithExitTwo() throws Exception {
        String[] r = run("validate", "no-such-file.yaml");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].trim()).isEqualTo("maestro: workflow file not found: no-such-file.yaml");
    }
}
