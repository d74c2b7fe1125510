package io.maestro.yaml.internal;

import io.maestro.yaml.LocatedProblem;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads YAML text from files and readers without ever holding more than the size limit. */
public final class Sources {

    /** Text, or the problem that kept it from being read. */
    public record Text(String text, LocatedProblem problem) {
    }

    private Sources() {
    }

    public static Text read(Path path) {
        String name = path.toString();
        try {
            long size = Files.size(path);
            if (size > 4L * SafeYaml.MAX_DOCUMENT_CHARS) {
                return tooLarge(name, size + " bytes");
            }
            byte[] bytes = Files.readAllBytes(path);
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                return new Text(stripBom(text), null);
            } catch (CharacterCodingException e) {
                return new Text(null, new LocatedProblem(name, 1, 1, "", "the file is not valid UTF-8 text"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    public static Text read(Reader reader, String name) {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                sb.append(buffer, 0, n);
                if (sb.length() > SafeYaml.MAX_DOCUMENT_CHARS) {
                    return tooLarge(name, "more than " + SafeYaml.MAX_DOCUMENT_CHARS + " characters");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return new Text(stripBom(sb.toString()), null);
    }

    private static Text tooLarge(String name, String size) {
        return new Text(null, new LocatedProblem(name, 1, 1, "", "the document is " + size + " long, above the limit of "
                + SafeYaml.MAX_DOCUMENT_CHARS + " characters (1 MiB); split it or reduce it"));
    }

    static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    public static List<LocatedProblem> problems(Text t) {
        return t.problem() == null ? List.of() : List.of(t.problem());
    }
}
