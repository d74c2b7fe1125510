package io.maestro.http.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a successful response body into a value. An empty body is {@code null}. A JSON content
 * type ({@code application/json}, {@code text/json} or any {@code +json} type) is parsed, and a
 * body that is not JSON then fails. Without a content type, a body that parses as JSON is
 * parsed and any other is a string. Any other content type yields the body as a string in the
 * charset it names (default UTF-8).
 */
final class ResponseDecoder {

    private final JsonCodec json;

    ResponseDecoder(JsonCodec json) {
        this.json = json;
    }

    /** @throws IOException when a body declared as JSON is not */
    Object decode(String contentType, ResponseBody body) throws IOException {
        if (body.isEmpty()) {
            return null;
        }
        if (contentType == null || contentType.isBlank()) {
            try {
                return json.read(body.bytes());
            } catch (IOException notJson) {
                return new String(body.bytes(), StandardCharsets.UTF_8);
            }
        }
        if (isJson(contentType)) {
            return json.read(body.bytes());
        }
        return text(contentType, body.bytes());
    }

    static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }

    /** The body as text in the content type's charset, or UTF-8. */
    static String text(String contentType, byte[] bytes) {
        return new String(bytes, charset(contentType));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    String name = p.substring(8).strip().replace("\"", "");
                    try {
                        return Charset.forName(name);
                    } catch (IllegalArgumentException unknown) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
