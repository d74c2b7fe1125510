package io.maestro.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Documents written to hurt: each is refused quickly, with a clear located message, never a stack trace. */
class HostileDocumentsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private static List<LocatedProblem> refuse(Supplier<List<LocatedProblem>> validation) {
        List<LocatedProblem> problems = assertTimeoutPreemptively(QUICKLY, validation::get);
        assertThat(problems).isNotEmpty();
        return problems;
    }

    @Test
    void globalTagThatWouldConstructAClassIsRefused() {
        String yaml = "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]\n"
                + "version: '1'\nsteps: []\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).first().satisfies(p -> {
            assertThat(p.line() + ":" + p.column()).isEqualTo("1:7");
            assertThat(p.message()).contains("javax.script.ScriptEngineManager").contains("not allowed");
        });
    }

    @Test
    void localTagIsRefused() {
        String yaml = "name: w\nversion: '1'\nsteps:\n  - id: a\n    service: s\n    method: M\n    input: !shell { cmd: rm }\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).extracting(LocatedProblem::toString)
                .containsExactly("<string>:7:12: tag '!shell' is not allowed: Maestro reads plain data only"
                        + " (strings, numbers, booleans, null, mappings, lists)");
    }

    @Test
    void standardTagsOtherThanPlainDataAreRefused() {
        String yaml = "name: w\nversion: '1'\nsteps:\n  - id: a\n    service: s\n    method: M\n    input: !!binary aGVsbG8=\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("tag 'tag:yaml.org,2002:binary' is not allowed"));
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder yaml = new StringBuilder("name: w\nversion: '1'\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("steps: []\n");

        assertThat(refuse(() -> YamlWorkflows.validate(yaml.toString()))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("too many aliases").contains("billion laughs"));
    }

    @Test
    void fewAliasesThatStillExpandTooMuchAreRefused() {
        // 18 aliases, each tripling: within the alias limit, but 150 × 3^6 values once expanded
        StringBuilder yaml = new StringBuilder("name: w\nversion: '1'\nsteps:\n  - id: a\n    service: s\n    method: M\n    input:\n");
        yaml.append("      a0: &a0 [").append("x, ".repeat(149)).append("x]\n");
        for (int i = 1; i <= 6; i++) {
            String prev = "*a" + (i - 1);
            yaml.append("      a").append(i).append(": &a").append(i).append(" [").append(prev).append(", ").append(prev).append(", ").append(prev).append("]\n");
        }

        assertThat(refuse(() -> YamlWorkflows.validate(yaml.toString()))).first()
                .satisfies(p -> assertThat(p.message()).contains("expands to more than 100000 values"));
    }

    @Test
    void aliasThatRefersToItselfIsRefused() {
        String yaml = "name: w\nversion: '1'\nsteps: &s\n  - parallel: *s\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).first()
                .satisfies(p -> assertThat(p.message()).contains("refer to themselves"));
    }

    @Test
    void tenThousandLevelsOfNestingAreRefused() {
        String yaml = "name: w\nversion: '1'\nsteps: []\noutput:\n  deep: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("the document is nested more than 64 levels deep"));
    }

    @Test
    void tenThousandLevelsOfNestedMappingsAreRefused() {
        StringBuilder yaml = new StringBuilder("name: w\nversion: '1'\nsteps: []\noutput: ");
        for (int i = 0; i < 10_000; i++) {
            yaml.append("{k: ");
        }
        yaml.append("x").append("}".repeat(10_000)).append('\n');

        assertThat(refuse(() -> YamlWorkflows.validate(yaml.toString()))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested more than 64 levels"));
    }

    @Test
    void documentOverTheSizeLimitIsRefusedBeforeParsing() {
        String yaml = "name: w\nversion: '1'\nsteps: []\n" + ("# padding " + "x".repeat(89) + "\n").repeat(11_000);

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).extracting(LocatedProblem::toString).singleElement().asString()
                .startsWith("<string>:1:1: the document is " + yaml.length() + " characters long, above the limit of 1048576 (1 MiB)");
    }

    @Test
    void oversizeReaderIsRefusedWithoutReadingItAll() {
        String yaml = "name: w\n" + "#".repeat(2 * 1024 * 1024);

        assertThat(refuse(() -> YamlWorkflows.validate(new StringReader(yaml), "big.yaml", null))).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("big.yaml:1:1: the document is more than 1048576 characters long"));
    }

    @Test
    void duplicateTopLevelKeysAreRefused() {
        String yaml = "name: w\nversion: '1'\nname: other\nsteps:\n  - {id: a, service: s, method: M}\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).extracting(LocatedProblem::toString)
                .containsExactly("<string>:3:1: duplicate key 'name' in a workflow (first at line 1, column 1)");
    }

    @Test
    void duplicateKeysInsideInputValuesAreRefused() {
        String yaml = "name: w\nversion: '1'\nsteps:\n  - id: a\n    service: s\n    method: M\n    input: {x: 1, x: 2}\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).extracting(LocatedProblem::toString)
                .containsExactly("<string>:7:19: duplicate key 'x' in a value (first at line 7, column 13)");
    }

    @Test
    void multipleDocumentsAreRefusedAtTheSecondOne() {
        String yaml = "name: w\nversion: '1'\nsteps:\n  - {id: a, service: s, method: M}\n---\nname: x\n";

        assertThat(refuse(() -> YamlWorkflows.validate(yaml))).extracting(LocatedProblem::toString)
                .containsExactly("<string>:5:1: a second YAML document starts here; a file holds exactly one workflow"
                        + " (remove the '---' and what follows)");
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bad", ".yaml");
        try {
            java.nio.file.Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
            assertThat(refuse(() -> YamlWorkflows.validate(file))).singleElement()
                    .satisfies(p -> assertThat(p.message()).isEqualTo("the file is not valid UTF-8 text"));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void loadNeverLeaksAParserException() {
        for (String yaml : List.of("{", "name: [", "\t- a", "a: b: c", "? [a]\n: b\n", "!!python/object:os.system [ls]", "*unknown")) {
            assertThat(assertTimeoutPreemptively(QUICKLY, () -> YamlWorkflows.validate(yaml))).as(yaml).isNotEmpty();
        }
    }
}
