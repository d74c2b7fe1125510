package io.maestro.cli.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The workflow input from {@code --input '{…}'} or {@code --input-file f.json}: JSON, errors with line and column. */
public final class InputReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private InputReader() {
    }

    public static Object read(String inline, Path file) {
        if (inline != null && file != null) {
            throw new UsageError("give either --input or --input-file, not both");
        }
        if (inline == null && file == null) {
            return Map.of();
        }
        String source = inline != null ? "--input" : file.toString();
        String text;
        if (inline != null) {
            text = inline;
        } else {
            Files2.requireReadable(file, "input");
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UsageError("cannot read input file " + file + ": " + e.getMessage());
            }
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new UsageError(where + ": input is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
