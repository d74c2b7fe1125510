package io.maestro.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.maestro.jdbc.internal.ConnectionSource;
import io.maestro.jdbc.internal.Dialect;
import io.maestro.jdbc.internal.PooledConnections;
import io.maestro.jdbc.internal.PostgresDialect;
import io.maestro.jdbc.internal.SqliteConnections;
import io.maestro.jdbc.internal.SqliteDialect;
import io.maestro.jdbc.internal.StoreCore;
import io.maestro.jdbc.internal.StoreCounters;
import io.maestro.spi.state.Claim;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;

/**
 * A durable {@link StateStore} on SQLite (one file; the embedded default) or PostgreSQL (several
 * orchestrator instances sharing work). Thread-safe; close it to commit what is queued and
 * release its connections.
 *
 * <pre>{@code
 * StateStore local = JdbcStateStore.sqlite(Path.of("maestro.db"));
 * StateStore shared = JdbcStateStore.postgres("jdbc:postgresql://db/maestro", "maestro", secret);
 * StateStore tuned = JdbcStateStore.postgresBuilder(url, user, secret).poolSize(16).writers(4).build();
 * }</pre>
 *
 * <p><b>Writes</b> return at once; their stage completes when the write is durable (committed;
 * SQLite with {@code synchronous=FULL}, PostgreSQL as its {@code synchronous_commit} says).
 * Writes queue on writer threads that group-commit: whatever queued up while a transaction ran
 * is committed in the next one, so concurrent executions share commits. One execution's writes
 * are applied in call order (while a writer holds some of them, no other writer takes the later
 * ones), even when they are issued without waiting. Each write in a group is checked on its own
 * (fencing epoch, next sequence number); a refused one fails alone. Stages complete on the
 * store's callback threads, never on a writer thread.
 *
 * <p><b>Leases</b> are measured by the database clock on PostgreSQL ({@code clock_timestamp()}),
 * so instances with skewed clocks agree; on SQLite by the store's clock (the local clock unless
 * {@link Builder#clock} says otherwise), which every process sharing the file shares. Every journal
 * write updates the execution's row on the condition that the lease's epoch is still current, in
 * the same transaction as the insert: an instance that was paused past its lease cannot write
 * once another took over.
 *
 * <p><b>Faults</b>: a connection that breaks, a busy database or a deadlock makes the store run
 * the whole group again on a fresh connection, with backoff, for up to
 * {@link Builder#retryFor} (30 s by default); then the writes fail with a retryable
 * {@link JdbcStoreException}. A commit whose outcome is unknown is safe to repeat: each write
 * recognises its own earlier rows (the same sequence numbers with the same content) or its own
 * earlier takeover (the same owner and epoch).
 *
 * <p><b>Data</b> is stored as JSON text that reads back with the same Java types (an
 * {@code Integer} stays an {@code Integer}, a {@code Long} a {@code Long}, a {@code BigDecimal}
 * a {@code BigDecimal}); times at microsecond precision. The schema is created or upgraded when
 * the store opens ({@code schema_version}); two instances opening at once migrate once.
 */
public final class JdbcStateStore implements StateStore {

    private final StoreCore core;
    private final String description;

    private JdbcStateStore(StoreCore core, String description) {
        this.core = core;
        this.description = description;
    }

    /** A store in the SQLite file {@code file} (created, with its schema, if missing). */
    public static JdbcStateStore sqlite(Path file) {
        return sqliteBuilder(file).build();
    }

    /**
     * A store on PostgreSQL, with its own connection pool.
     *
     * @param user may be {@code null} when the URL carries it; so may {@code password}
     */
    public static JdbcStateStore postgres(String jdbcUrl, String user, String password) {
        return postgresBuilder(jdbcUrl, user, password).build();
    }

    /**
     * A store from a location as the CLI takes it: {@code sqlite:<path>}, {@code jdbc:sqlite:<path>}
     * or a {@code jdbc:postgresql://…} URL (user and password as its parameters).
     */
    public static JdbcStateStore open(String location) {
        Objects.requireNonNull(location, "location");
        if (location.startsWith("jdbc:postgresql:")) {
            return postgres(location, null, null);
        }
        for (String prefix : List.of("jdbc:sqlite:", "sqlite:")) {
            if (location.startsWith(prefix) && location.length() > prefix.length()) {
                return sqlite(Path.of(location.substring(prefix.length())));
            }
        }
        throw new IllegalArgumentException("unknown state store location '" + location
                + "': expected sqlite:<path> or jdbc:postgresql://host[:port]/database?user=…&password=…");
    }

    public static Builder sqliteBuilder(Path file) {
        return new Builder(Objects.requireNonNull(file, "file"), null, null, null, null);
    }

    public static Builder postgresBuilder(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://…): " + jdbcUrl);
        }
        return new Builder(null, jdbcUrl, user, password, null);
    }

    /** A PostgreSQL store on the caller's pool, which the store does not close. */
    public static Builder postgresBuilder(DataSource dataSource) {
        return new Builder(null, null, null, null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Counts of what this store has written since it opened. */
    public JdbcStoreStats stats() {
        StoreCounters c = core.counters();
        return new JdbcStoreStats(c.transactions(), c.operations(), c.journalRows(), c.retries(), c.largestGroup());
    }

    @Override
    public CompletionStage<Optional<Lease>> create(String owner, Duration leaseTtl, List<JournalEntry> first) {
        return core.create(owner, leaseTtl, first);
    }

    @Override
    public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
        return core.append(lease, entries);
    }

    @Override
    public CompletionStage<List<JournalEntry>> read(String executionId) {
        return core.read(executionId);
    }

    @Override
    public CompletionStage<Boolean> renew(Lease lease, Duration ttl) {
        return core.renew(lease, ttl);
    }

    @Override
    public CompletionStage<Void> release(Lease lease) {
        return core.release(lease);
    }

    @Override
    public CompletionStage<Optional<Claim>> claim(String executionId, String owner, Duration leaseTtl, boolean force) {
        return core.claim(executionId, owner, leaseTtl, force);
    }

    @Override
    public CompletionStage<Optional<Lease>> reopen(String executionId, String owner, Duration leaseTtl) {
        return core.reopen(executionId, owner, leaseTtl);
    }

    @Override
    public CompletionStage<List<Claim>> claimRecoverable(String owner, Duration leaseTtl, int limit) {
        return core.claimRecoverable(owner, leaseTtl, limit);
    }

    @Override
    public CompletionStage<List<String>> unfinished() {
        return core.unfinished();
    }

    @Override
    public CompletionStage<Integer> purgeEnded(Instant endedBefore, int limit) {
        return core.purgeEnded(endedBefore, limit);
    }

    /** Commits the writes already queued (waiting up to the close timeout), then closes connections. */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "JdbcStateStore[" + description + "]";
    }

    /**
     * Options of a {@link JdbcStateStore}. Mutable, not thread-safe; {@link #build()} opens the
     * store (and creates or upgrades its schema).
     */
    public static final class Builder {

        private final Path sqliteFile;
        private final String jdbcUrl;
        private final String user;
        private final String password;
        private final DataSource dataSource;
        private Integer poolSize;
        private Integer writers;
        private int batchSize = 256;
        private Duration linger = Duration.ZERO;
        private Clock clock;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private Duration retryFor = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private String applicationName = "maestro";
        private String threadName = "maestro-jdbc";

        private Builder(Path sqliteFile, String jdbcUrl, String user, String password, DataSource dataSource) {
            this.sqliteFile = sqliteFile;
            this.jdbcUrl = jdbcUrl;
            this.user = user;
            this.password = password;
            this.dataSource = dataSource;
        }

        private boolean sqlite() {
            return sqliteFile != null;
        }

        /**
         * Connections in all. SQLite: one writer plus readers (default 3). PostgreSQL: the pool's
         * size, shared by the writers and the readers (default 8).
         */
        public Builder poolSize(int size) {
            if (size < 2) {
                throw new IllegalArgumentException("poolSize must be at least 2 (a writer and a reader), got " + size);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * PostgreSQL only: how many transactions write at once (default 2), each group-committing
         * its own share of executions. Fewer writers make larger groups; more overlap commits.
         * SQLite always has exactly one writer.
         */
        public Builder writers(int writers) {
            if (sqlite()) {
                throw new IllegalStateException("SQLite has exactly one writer connection (two only fight over the file's write lock)");
            }
            if (writers < 1) {
                throw new IllegalArgumentException("writers must be at least 1, got " + writers);
            }
            this.writers = writers;
            return this;
        }

        /** The most operations one transaction carries (default 256). */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /**
         * How long a writer waits for more operations before committing a group smaller than
         * {@link #batchSize} (default zero: under load groups form by themselves while the
         * previous commit runs, and a lone write should not wait).
         */
        public Builder linger(Duration linger) {
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, got " + linger);
            }
            this.linger = linger;
            return this;
        }

        /**
         * SQLite only: the clock leases are measured by (default the system clock; tests move
         * it). PostgreSQL measures leases by the database clock, which all instances share.
         */
        public Builder clock(Clock clock) {
            if (!sqlite()) {
                throw new IllegalStateException("PostgreSQL measures leases by the database clock; a Clock applies to SQLite only");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** SQLite only: how long a statement waits for another process's write lock before retrying (default 5 s). */
        public Builder busyTimeout(Duration timeout) {
            if (!sqlite()) {
                throw new IllegalStateException("busyTimeout applies to SQLite only");
            }
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("busyTimeout must not be negative, got " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /** How long a write keeps being retried through transient failures before it fails (default 30 s). */
        public Builder retryFor(Duration retryFor) {
            Objects.requireNonNull(retryFor, "retryFor");
            if (retryFor.isNegative()) {
                throw new IllegalArgumentException("retryFor must not be negative, got " + retryFor);
            }
            this.retryFor = retryFor;
            return this;
        }

        /** How long {@link JdbcStateStore#close()} waits for queued writes to commit (default 30 s). */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** PostgreSQL with the store's own pool: the {@code application_name} its connections show (default "maestro"). */
        public Builder applicationName(String name) {
            if (sqlite() || dataSource != null) {
                throw new IllegalStateException("applicationName applies to a PostgreSQL store with its own pool only");
            }
            this.applicationName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The prefix of the store's thread names (default "maestro-jdbc"). */
        public Builder threadName(String prefix) {
            this.threadName = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Opens the store.
         *
         * @throws JdbcStoreException when the database cannot be reached or its schema not migrated
         */
        public JdbcStateStore build() {
            int pool;
            int writerCount;
            Dialect dialect;
            ConnectionSource connections;
            String description;
            if (sqlite()) {
                pool = poolSize == null ? 3 : poolSize;
                writerCount = 1;
                dialect = new SqliteDialect(clock == null ? Clock.systemUTC() : clock);
                try {
                    Path parent = sqliteFile.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (java.io.IOException e) {
                    throw new JdbcStoreException("store_error", "cannot create the directory of " + sqliteFile + ": " + e.getMessage(), false, e);
                }
                connections = new SqliteConnections(sqliteFile, busyTimeout, pool - 1);
                description = "sqlite:" + sqliteFile;
            } else {
                pool = poolSize == null ? 8 : poolSize;
                writerCount = writers == null ? Math.min(2, pool - 1) : writers;
                if (writerCount >= pool) {
                    throw new IllegalStateException("writers (" + writerCount + ") must be fewer than poolSize (" + pool
                            + "): reads need connections too");
                }
                dialect = new PostgresDialect();
                if (dataSource != null) {
                    connections = new PooledConnections(dataSource, false);
                    description = "postgresql:" + dataSource;
                } else {
                    connections = new PooledConnections(pool(pool, writerCount), true);
                    description = redact(jdbcUrl);
                }
            }
            StoreCore.Settings settings = new StoreCore.Settings(threadName, writerCount, pool - writerCount,
                    batchSize, linger, retryFor, closeTimeout);
            try {
                return new JdbcStateStore(new StoreCore(settings, dialect, connections), description);
            } catch (SQLException | RuntimeException e) {
                connections.close();
                if (e instanceof JdbcStoreException j) {
                    throw j;
                }
                throw new JdbcStoreException("store_unavailable", "cannot open the " + dialect.name() + " state store at "
                        + description + ": " + e.getMessage(), true, e);
            }
        }

        private HikariDataSource pool(int size, int writerCount) {
            HikariConfig config = new HikariConfig();
            config.setDriverClassName("org.postgresql.Driver");
            config.setJdbcUrl(jdbcUrl);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setPoolName(threadName + "-pool");
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(Math.min(size, writerCount + 1));
            config.setConnectionTimeout(5_000);
            config.setAutoCommit(true);
            // One multi-row INSERT per group instead of one statement per journal row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("ApplicationName", applicationName);
            config.addDataSourceProperty("tcpKeepAlive", "true");
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new JdbcStoreException("store_unavailable", "cannot connect to PostgreSQL at " + redact(jdbcUrl)
                        + ": " + rootMessage(e), true, e);
            }
        }

        private static String redact(String url) {
            return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
        }

        private static String rootMessage(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t.getMessage();
        }
    }
}
