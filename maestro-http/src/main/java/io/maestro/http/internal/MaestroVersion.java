package io.maestro.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this module was built as, for the {@code User-Agent} header. */
final class MaestroVersion {

    static final String VALUE = load();

    private MaestroVersion() {
    }

    private static String load() {
        try (InputStream in = MaestroVersion.class.getResourceAsStream("maestro-http.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException ignored) {
            // fall through: an unknown version must not stop calls
        }
        return "dev";
    }
}
