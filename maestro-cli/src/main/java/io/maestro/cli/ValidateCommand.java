package io.maestro.cli;

import io.maestro.cli.internal.Files2;
import io.maestro.yaml.LocatedProblem;
import io.maestro.yaml.ServiceBindings;
import io.maestro.yaml.YamlWorkflows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maestro validate}: every problem of a workflow, one {@code file:line:column: message} line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a workflow; prints every problem as file:line:column: message. Exit 0 when valid, 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<workflow.yaml>")
    Path workflow;

    @Option(names = "--services", paramLabel = "<file>", description = "Service bindings file; unknown services are then reported.")
    Path services;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Files2.requireReadable(workflow, "workflow");
        List<LocatedProblem> problems = new ArrayList<>();
        Set<String> known = null;
        if (services != null) {
            Files2.requireReadable(services, "services");
            problems.addAll(ServiceBindings.validate(services));
            if (problems.isEmpty()) {
                known = ServiceBindings.load(services).keySet();
            }
        }
        problems.addAll(known == null ? YamlWorkflows.validate(workflow) : YamlWorkflows.validate(workflow, known));
        for (LocatedProblem p : problems) {
            spec.commandLine().getErr().println(p);
        }
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println(workflow + ": valid");
            return 0;
        }
        return 1;
    }
}
