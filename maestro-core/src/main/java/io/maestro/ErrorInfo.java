package io.maestro;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure as data: what an {@link ExecutionResult} reports, what the journal stores, and what
 * templates see as {@code error} ({@code {{ .error.message }}}).
 *
 * @param stepId the step that failed, or {@code null} for the execution itself
 */
public record ErrorInfo(String code, String message, boolean retryable, String stepId) {

    public static ErrorInfo of(Throwable t, String stepId) {
        if (t instanceof MaestroException m) {
            return new ErrorInfo(m.code(), m.getMessage(), m.isRetryable(), stepId);
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new ErrorInfo("error", message, false, stepId);
    }

    /** The JSON-like form bound in the context and written to the journal. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        m.put("retryable", retryable);
        if (stepId != null) {
            m.put("step", stepId);
        }
        return m;
    }

    public static ErrorInfo fromMap(Map<?, ?> m) {
        return new ErrorInfo((String) m.get("code"), (String) m.get("message"),
                Boolean.TRUE.equals(m.get("retryable")), (String) m.get("step"));
    }
}
