package io.maestro.cli.internal.server;

import java.util.Map;

/**
 * A request the server answers with an error: the HTTP status and the body
 * {@code {"error": {"code": …, "message": …}}}.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    Map<String, Object> body() {
        return Map.of("error", Map.of("code", code, "message", getMessage()));
    }
}
