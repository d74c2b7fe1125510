package io.maestro.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code maestro}: the top command; each subcommand is one job. */
@Command(name = "maestro", mixinStandardHelpOptions = true, versionProvider = MaestroCommand.Version.class,
        description = "Orchestrates services written in any language over gRPC and HTTP.",
        subcommands = {ValidateCommand.class, ExecuteCommand.class, ResumeCommand.class, StatusCommand.class, PurgeCommand.class,
                GraphCommand.class, DemoCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class MaestroCommand implements Runnable {

    /** Exit code when the execution ran but did not complete. */
    public static final int NOT_COMPLETED = 1;
    /** Exit code for bad usage, an invalid workflow or bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    /** The configured command line: short errors for bad usage, exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MaestroCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("maestro: " + ex.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof io.maestro.cli.internal.UsageError u) {
                cmd.getErr().println("maestro: " + u.getMessage());
                return BAD_INPUT;
            }
            cmd.getErr().println("maestro: " + ex);
            return NOT_COMPLETED;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MaestroCommand.class.getPackage().getImplementationVersion();
            return new String[] {"maestro " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
