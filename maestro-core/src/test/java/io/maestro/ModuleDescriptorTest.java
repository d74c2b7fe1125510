package io.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.spi.state.StateStoreProvider;
import io.maestro.spi.transport.InMemoryTransport;
import io.maestro.spi.transport.TransportProvider;
import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports the API and the SPI and nothing else (the tests run on the module path). */
class ModuleDescriptorTest {

    private final Module core = Orchestrator.class.getModule();

    @Test
    void exportsTheApiAndTheSpiOnlyAndToEveryone() {
        assertThat(core.isNamed()).as("core runs as a named module").isTrue();
        assertThat(core.getName()).isEqualTo("io.maestro.core");
        Set<ModuleDescriptor.Exports> exports = core.getDescriptor().exports();

        assertThat(exports).allMatch(e -> !e.isQualified());
        assertThat(exports.stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "io.maestro", "io.maestro.dsl", "io.maestro.event", "io.maestro.expression", "io.maestro.model",
                "io.maestro.spi.state", "io.maestro.spi.transport");
        assertThat(core.getPackages()).filteredOn(p -> p.startsWith("io.maestro.internal"))
                .isNotEmpty()
                .allMatch(p -> exports.stream().noneMatch(e -> e.source().equals(p)));
    }

    @Test
    void opensOnlyTheExpressionBuiltInsAndOnlyToMvel() {
        assertThat(core.getDescriptor().opens()).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo("io.maestro.internal.expression");
            assertThat(o.targets()).containsExactly("mvel2");
        });
    }

    @Test
    void declaresTheServicesItLoads() {
        assertThat(core.getDescriptor().uses()).containsExactlyInAnyOrder(TransportProvider.class.getName(),
                StateStoreProvider.class.getName());
    }

    @Test
    void aWorkflowWithTemplatesRunsInTheModule() {
        InMemoryTransport services = new InMemoryTransport().handle("svc", "Double", call -> Map.of("v", 2 * (Integer) ((Map<?, ?>) call.input()).get("v")));
        try (Orchestrator orchestrator = Orchestrator.builder().transport(services).discoverTransports(false).build()) {
            io.maestro.model.Workflow workflow = io.maestro.model.Workflow.named("m").version("1")
                    .step("a", s -> s.call("svc", "Double").input(Map.of("v", "{{ .input.n + 1 }}")))
                    .build();

            ExecutionResult result = orchestrator.run(workflow, Map.of("n", 20));

            assertThat(result.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(result.output()).isEqualTo(Map.of("a", Map.of("v", 42)));
        }
    }
}
