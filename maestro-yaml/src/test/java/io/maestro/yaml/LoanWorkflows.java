package io.maestro.yaml;

import io.maestro.model.Workflow;
import io.maestro.testing.SeedWorkflows;
import java.nio.file.Path;

/** The seed's loan workflow: its YAML file (byte for byte from the seed) and the same in the DSL. */
public final class LoanWorkflows {

    public static final Path YAML = Path.of("src/test/resources/workflows/loan_processing.yaml");

    private LoanWorkflows() {
    }

    public static Workflow dsl() {
        return SeedWorkflows.loan();
    }
}
