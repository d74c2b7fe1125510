package io.maestro.cli;

import picocli.CommandLine;

/** Entry point of the {@code maestro} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 execution not completed, 2 bad usage or input). */
    public static int run(String... args) {
        return MaestroCommand.commandLine().execute(args);
    }
}
