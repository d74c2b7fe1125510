package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON Schema shipped in the jar accepts every example workflow of the repository. */
class WorkflowSchemaTest {

    private static final String RESOURCE = "/io/maestro/yaml/maestro-workflow.schema.json";
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = WorkflowSchemaTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("schema in the jar").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    /** Every workflow YAML under maestro-*&#47;src and docs: a mapping with name and steps, not a deliberately invalid fixture. */
    static List<Path> exampleWorkflows() throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            modules.filter(p -> p.getFileName().toString().startsWith("maestro-")).map(p -> p.resolve("src")).filter(Files::isDirectory).forEach(roots::add);
        }
        if (Files.isDirectory(REPOSITORY.resolve("docs"))) {
            roots.add(REPOSITORY.resolve("docs"));
        }
        List<Path> workflows = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(WorkflowSchemaTest::isYaml).sorted().toList()) {
                    String path = p.toString().replace('\\', '/');
                    if (path.contains("/invalid/") || path.contains("/hostile/")) {
                        continue;
                    }
                    JsonNode doc = read(p);
                    if (doc != null && doc.isObject() && doc.has("name") && doc.has("steps")) {
                        workflows.add(p);
                    }
                }
            }
        }
        return workflows;
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static JsonNode read(Path p) {
        try {
            return YAML.readTree(p.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<ValidationMessage> check(Path p) {
        return schema.validate(read(p));
    }

    @Test
    void everyExampleWorkflowInTheRepositoryMatchesTheSchema() throws IOException {
        List<Path> examples = exampleWorkflows();

        assertThat(examples).extracting(p -> p.getFileName().toString()).contains("loan_processing.yaml", "every_field.yaml");
        for (Path p : examples) {
            assertThat(check(p)).as(REPOSITORY.relativize(p).toString()).isEmpty();
            assertThat(YamlWorkflows.validate(p)).as("the loader agrees on " + p).isEmpty();
        }
    }

    @Test
    void schemaRejectsAMisspeltField() {
        assertThat(check(Path.of("src/test/resources/invalid/unknown-field.yaml"))).isNotEmpty();
    }

    @Test
    void schemaRejectsAWrongTypeAndAnInvalidDuration() {
        assertThat(check(Path.of("src/test/resources/invalid/wrong-type.yaml"))).isNotEmpty();
        assertThat(check(Path.of("src/test/resources/invalid/invalid-duration.yaml"))).isNotEmpty();
        assertThat(check(Path.of("src/test/resources/invalid/when-not-a-template.yaml"))).isNotEmpty();
    }

    @Test
    void bindingsFileMatchesTheBindingsDefinitionOfTheSchema() throws IOException {
        try (InputStream in = WorkflowSchemaTest.class.getResourceAsStream(RESOURCE)) {
            JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            com.fasterxml.jackson.databind.node.ObjectNode bindingsSchema = YAML.createObjectNode();
            bindingsSchema.put("$schema", root.get("$schema").asText());
            bindingsSchema.set("$defs", root.get("$defs"));
            bindingsSchema.put("$ref", "#/$defs/bindingsFile");
            JsonSchema bindings = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(bindingsSchema);
            assertThat(bindings.validate(read(Path.of("src/test/resources/bindings/services.yaml")))).isEmpty();
            assertThat(bindings.validate(YAML.readTree("services:\n  a: { type: http }\n"))).isNotEmpty();
        }
    }

    @Test
    void docsCopyOfTheSchemaIsTheOneInTheJar() throws IOException {
        Path docs = REPOSITORY.resolve("docs/maestro-workflow.schema.json");
        try (InputStream in = WorkflowSchemaTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(Files.readString(docs)).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
