package io.maestro;

/**
 * One thing wrong with a workflow definition.
 *
 * @param path where, as a path into the definition mirroring the YAML structure, e.g.
 *     {@code steps[3].parallel[1].when} or {@code output.decision}; empty for the workflow itself
 * @param stepId the id of the step concerned, or {@code null}
 * @param field the field concerned ({@code when}, {@code input}, {@code id}…), or {@code null}
 * @param message what is wrong and what was expected
 * @param offset for a problem inside a string value (an expression), the zero-based offset in
 *     that string; otherwise -1
 */
public record Problem(String path, String stepId, String field, String message, int offset) {

    public Problem(String path, String stepId, String field, String message) {
        this(path, stepId, field, message, -1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (stepId != null) {
            sb.append("step '").append(stepId).append("'");
            if (field != null) {
                sb.append(", field '").append(field).append("'");
            }
            sb.append(": ");
        } else if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
