package io.maestro.cli;

import io.maestro.cli.internal.Logging;
import io.maestro.cli.internal.ProgressPrinter;
import io.maestro.examples.LoanDemo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code maestro demo}: the loan example end to end against real local gRPC and HTTP services. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the loan-processing example end to end against demo gRPC and HTTP services on loopback.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Logging.configure(false);
        return LoanDemo.run(System.out, System.err, new ProgressPrinter(System.out, false)) ? 0 : MaestroCommand.NOT_COMPLETED;
    }
}
