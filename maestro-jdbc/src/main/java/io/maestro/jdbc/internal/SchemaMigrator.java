package io.maestro.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates or upgrades the schema when a store opens. Everything happens in one transaction
 * that first takes the dialect's schema lock (PostgreSQL: an advisory lock; SQLite: the write
 * lock), so two instances starting at once migrate once, and a failed migration leaves nothing
 * half done. {@code schema_version} holds one row per applied version.
 */
public final class SchemaMigrator {

    private final Dialect dialect;

    public SchemaMigrator(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The version the schema is at afterwards. */
    public int migrate(Connection c) throws SQLException {
        List<List<String>> migrations = dialect.migrations();
        dialect.begin(c);
        try (Statement s = c.createStatement()) {
            dialect.lockSchema(c);
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > migrations.size()) {
                throw new SQLException("the " + dialect.name() + " schema is at version " + current
                        + ", newer than this maestro-jdbc knows (" + migrations.size() + "); upgrade maestro-jdbc");
            }
            for (int v = current + 1; v <= migrations.size(); v++) {
                for (String ddl : migrations.get(v - 1)) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + v + ", '" + java.time.Instant.now() + "')");
            }
            dialect.commit(c);
            return migrations.size();
        } catch (SQLException | RuntimeException e) {
            try {
                dialect.rollback(c);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
