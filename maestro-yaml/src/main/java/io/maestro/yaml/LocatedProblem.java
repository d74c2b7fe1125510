package io.maestro.yaml;

import java.util.Objects;

/**
 * One thing wrong with a YAML file, located at the node it concerns.
 *
 * <p>{@link #toString()} is the {@code file:line:column: message} line that editors and CI
 * logs understand:
 *
 * <pre>{@code
 * for (LocatedProblem p : YamlWorkflows.validate(Path.of("loan.yaml"))) {
 *     System.err.println(p);        // loan.yaml:27:5: step 'auto_approve': unknown field 'compensation' (did you mean 'compensate'?)
 * }
 * }</pre>
 *
 * @param file the source name: the path as given, or the name passed with a reader
 * @param line 1-based line
 * @param column 1-based column (in code points)
 * @param path where in the definition, mirroring the YAML structure ({@code steps[3].when},
 *     {@code services.kyc.timeout}); empty for the document itself
 * @param message what is wrong and what was expected
 */
public record LocatedProblem(String file, int line, int column, String path, String message) {

    public LocatedProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
