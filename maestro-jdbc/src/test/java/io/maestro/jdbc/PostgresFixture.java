package io.maestro.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real PostgreSQL for the tests, never a mock: the server named by
 * {@code MAESTRO_TEST_POSTGRES_URL} (a JDBC URL with user and password; {@code .ci/postgres.sh}
 * starts Debian's PostgreSQL and prints it) or, when that is unset, embedded binaries (zonky) —
 * which PostgreSQL refuses to run as root, so on CI and these machines the variable must be set.
 * When neither works the tests fail, saying so; they never skip.
 *
 * <p>Each store gets a schema of its own ({@link #newSchema()}), dropped after the test class.
 */
public final class PostgresFixture {

    public static final String ENV = "MAESTRO_TEST_POSTGRES_URL";

    private static String baseUrl;
    private static RuntimeException unavailable;
    private static EmbeddedPostgres embedded;
    private static final List<String> schemas = new ArrayList<>();

    private PostgresFixture() {
    }

    /** The server's JDBC URL (with user and password). */
    public static synchronized String url() {
        if (baseUrl != null) {
            return baseUrl;
        }
        if (unavailable != null) {
            throw unavailable;
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            try (Connection c = DriverManager.getConnection(env)) {
                if (!c.isValid(5)) {
                    throw new SQLException("connection is not valid");
                }
                baseUrl = env;
                return baseUrl;
            } catch (SQLException e) {
                unavailable = new IllegalStateException(ENV + " is set to " + redact(env)
                        + " but PostgreSQL cannot be reached there: " + e.getMessage(), e);
                throw unavailable;
            }
        }
        try {
            embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (Exception ignored) {
                    // The JVM is exiting anyway.
                }
            }));
            baseUrl = embedded.getJdbcUrl("postgres", "postgres");
            return baseUrl;
        } catch (Exception | Error e) {
            unavailable = new IllegalStateException("No PostgreSQL for the tests: " + ENV + " is not set and embedded"
                    + " PostgreSQL (zonky) could not start (" + e + ")"
                    + ("root".equals(System.getProperty("user.name")) ? "; PostgreSQL refuses to run as root" : "")
                    + ". Start one with `eval \"$(bash .ci/postgres.sh)\"` (installs Debian's postgresql and sets "
                    + ENV + "), or set " + ENV + " to a JDBC URL with user and password.", e);
            throw unavailable;
        }
    }

    /** A new, empty schema; dropped by {@link #dropSchemas()}. */
    public static String newSchema() throws SQLException {
        String schema = "mt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        synchronized (PostgresFixture.class) {
            schemas.add(schema);
        }
        return schema;
    }

    /** The server's URL with {@code schema} first on the search path. */
    public static String urlFor(String schema) {
        String url = url();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A plain connection to the server (its default schema), for setting up and inspecting. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /** A plain connection whose search path starts with {@code schema}. */
    public static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(urlFor(schema));
    }

    /** Terminates the backends of connections whose {@code application_name} is {@code name}; returns how many. */
    public static int terminateBackends(Connection admin, String applicationName) throws SQLException {
        try (var ps = admin.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, applicationName);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Drops the schemas this JVM created. */
    public static void dropSchemas() {
        List<String> toDrop;
        synchronized (PostgresFixture.class) {
            toDrop = new ArrayList<>(schemas);
            schemas.clear();
        }
        if (toDrop.isEmpty()) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String schema : toDrop) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException ignored) {
            // Leftover schemas are harmless; each test uses a new one.
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
