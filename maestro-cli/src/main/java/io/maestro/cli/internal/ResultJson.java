package io.maestro.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maestro.ExecutionResult;

/** An execution result as the CLI prints it (DESIGN §7). */
public final class ResultJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    public static String toJson(ExecutionResult r) {
        try {
            return JSON.writeValueAsString(r.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
