package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maestro.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoanWorkflowTest {

    @Test
    void fixtureIsTheSeedExampleByteForByte() throws Exception {
        Path readme = Path.of("../../shared/seed/maestro-go-README.md");
        assumeTrue(Files.exists(readme), "the seed README is beside the repository");
        String seed = Files.readString(readme);
        int start = seed.indexOf("```yaml\n") + "```yaml\n".length();
        String example = seed.substring(start, seed.indexOf("```", start));
        assertThat(Files.readString(LoanWorkflows.YAML)).isEqualTo(example);
    }

    @Test
    void seedLoanYamlLoadsIntoTheSameModelAsTheDsl() {
        Workflow fromYaml = YamlWorkflows.load(LoanWorkflows.YAML);

        assertThat(fromYaml).isEqualTo(LoanWorkflows.dsl());
    }

    @Test
    void seedLoanYamlHasNoProblems() {
        assertThat(YamlWorkflows.validate(LoanWorkflows.YAML)).isEmpty();
    }

    @Test
    void seedLoanYamlReportsUnboundServicesWhenBindingsAreKnown() {
        assertThat(YamlWorkflows.validate(LoanWorkflows.YAML, java.util.Set.of("kyc_service")))
                .extracting(LocatedProblem::toString)
                .contains(LoanWorkflows.YAML + ":12:18: step 'credit_check', field 'service': unknown service 'credit_bureau'; bound services: [kyc_service]");
    }
}
