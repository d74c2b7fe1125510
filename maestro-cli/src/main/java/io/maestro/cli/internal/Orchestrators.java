package io.maestro.cli.internal;

import io.maestro.Orchestrator;
import io.maestro.OrchestratorBuilder;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.state.StateStore;
import io.maestro.yaml.LocatedProblem;
import io.maestro.yaml.ServiceBindings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What execute and resume share: the bindings file, the store, progress on stderr. */
public final class Orchestrators {

    private Orchestrators() {
    }

    /** The bindings of a {@code --services} file, or empty; problems are printed and end the command (exit 2). */
    public static Map<String, ServiceBinding> bindings(Path file, PrintStream err) {
        if (file == null) {
            return Map.of();
        }
        Files2.requireReadable(file, "services");
        List<LocatedProblem> problems = ServiceBindings.validate(file);
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            throw new UsageError("the services file has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
        }
        return ServiceBindings.load(file);
    }

    public static Orchestrator build(Map<String, ServiceBinding> bindings, StateStore store, PrintStream err, boolean debug) {
        return build(bindings, store, err, debug, java.time.Duration.ofSeconds(10));
    }

    public static Orchestrator build(Map<String, ServiceBinding> bindings, StateStore store, PrintStream err, boolean debug,
            java.time.Duration leaseTtl) {
        OrchestratorBuilder b = Orchestrator.builder().stateStore(store).leaseTtl(leaseTtl).listener(new ProgressPrinter(err, debug));
        bindings.forEach(b::service);
        return b.build();
    }
}
