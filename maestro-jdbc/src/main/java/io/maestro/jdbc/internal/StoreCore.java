package io.maestro.jdbc.internal;

import io.maestro.jdbc.JdbcStoreException;
import io.maestro.spi.state.Claim;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working parts of a JDBC state store: writer threads (one per connection that writes; SQLite
 * has exactly one), a reader pool, and the executor stages are completed on.
 */
public final class StoreCore {

    private static final Logger log = LoggerFactory.getLogger(StoreCore.class);

    /** What the builder decided. */
    public record Settings(String name, int writers, int readers, int maxGroup, Duration linger, Duration retryFor,
                           Duration closeTimeout) {
    }

    private final Settings settings;
    private final Dialect dialect;
    private final ConnectionSource connections;
    private final JournalJson json = new JournalJson();
    private final StoreCounters counters = new StoreCounters();
    private final Writers writers;
    private final ExecutorService readers;
    private final ForkJoinPool callbacks;
    private volatile boolean closed;
    private volatile boolean abandoning;

    /** Opens the store: migrates the schema (failing fast if the database is unreachable), then starts its threads. */
    public StoreCore(Settings settings, Dialect dialect, ConnectionSource connections) throws SQLException {
        this.settings = settings;
        this.dialect = dialect;
        this.connections = connections;
        migrate();
        this.callbacks = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName(settings.name() + "-callback-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                }, null, true);
        AtomicInteger readerIds = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(settings.readers(), r -> {
            Thread t = new Thread(r, settings.name() + "-reader-" + readerIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        GroupCommit commit = new GroupCommit(connections, dialect, callbacks, counters,
                settings.retryFor().toNanos(), () -> abandoning);
        this.writers = new Writers(settings.name(), settings.writers(), commit, settings.maxGroup(), settings.linger().toNanos());
    }

    /** Migrates the schema, retrying transient failures (another process holding the lock, say) like writes do. */
    private void migrate() throws SQLException {
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            Connection c = null;
            boolean broken = false;
            try {
                c = connections.writer();
                new SchemaMigrator(dialect).migrate(c);
                return;
            } catch (SQLException e) {
                broken = dialect.isBroken(e);
                if (!(dialect.isTransient(e) || broken) || System.nanoTime() - start >= settings.retryFor().toNanos()) {
                    throw e;
                }
            } finally {
                connections.release(c, broken);
            }
            sleep(Math.min(1_000, 5L << Math.min(attempt, 10)));
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public StoreCounters counters() {
        return counters;
    }

    public CompletionStage<Optional<Lease>> create(String owner, Duration leaseTtl, List<JournalEntry> first) {
        try {
            Objects.requireNonNull(owner, "owner");
            requireTtl(leaseTtl);
            if (first == null || first.isEmpty() || first.get(0).type() != EntryType.EXECUTION_STARTED) {
                throw new IllegalArgumentException("an execution starts with EXECUTION_STARTED");
            }
            String id = first.get(0).executionId();
            List<EncodedEntry> rows = EncodedEntry.batch(id, first, json);
            if (rows.get(0).sequence() != 1) {
                throw new IllegalArgumentException("execution " + id + ": expected journal sequence 1, got " + rows.get(0).sequence());
            }
            Object workflow = first.get(0).data().get("workflow");
            Object version = first.get(0).data().get("version");
            return submit(new CreateOp(owner, leaseTtl, rows,
                    workflow == null ? null : workflow.toString(), version == null ? null : version.toString()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Void> append(Lease lease, List<JournalEntry> entries) {
        try {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(entries, "entries");
            return submit(new AppendOp(lease, EncodedEntry.batch(lease.executionId(), entries, json)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Boolean> renew(Lease lease, Duration ttl) {
        try {
            Objects.requireNonNull(lease, "lease");
            requireTtl(ttl);
            return submit(new RenewOp(lease, ttl));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Void> release(Lease lease) {
        try {
            Objects.requireNonNull(lease, "lease");
            return submit(new ReleaseOp(lease));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Optional<Claim>> claim(String executionId, String owner, Duration leaseTtl, boolean force) {
        try {
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(owner, "owner");
            requireTtl(leaseTtl);
            return submit(new ClaimOp(executionId, owner, leaseTtl, force));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Optional<Lease>> reopen(String executionId, String owner, Duration leaseTtl) {
        try {
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(owner, "owner");
            requireTtl(leaseTtl);
            return submit(new ReopenOp(executionId, owner, leaseTtl));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<List<Claim>> claimRecoverable(String owner, Duration leaseTtl, int limit) {
        try {
            Objects.requireNonNull(owner, "owner");
            requireTtl(leaseTtl);
            if (limit <= 0) {
                return CompletableFuture.completedFuture(List.of());
            }
            return submit(new ClaimRecoverableOp(owner, leaseTtl, limit));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Integer> purgeEnded(Instant endedBefore, int limit) {
        try {
            Objects.requireNonNull(endedBefore, "endedBefore");
            if (limit <= 0) {
                return CompletableFuture.completedFuture(0);
            }
            return submit(new PurgeOp(endedBefore, limit));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<List<JournalEntry>> read(String executionId) {
        Objects.requireNonNull(executionId, "executionId");
        return query(c -> {
            List<JournalEntry> journal = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(Statements.READ_JOURNAL)) {
                ps.setString(1, executionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        journal.add(new JournalEntry(executionId, rs.getLong(1), EntryType.valueOf(rs.getString(2)),
                                rs.getString(3), rs.getInt(4), dialect.getInstant(rs, 5), json.decode(rs.getString(6))));
                    }
                }
            }
            return List.copyOf(journal);
        });
    }

    public CompletionStage<List<String>> unfinished() {
        return query(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dialect.unfinishedSql()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return List.copyOf(ids);
        });
    }

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "leaseTtl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("lease ttl must not be negative: " + ttl);
        }
    }

    private <T> CompletionStage<T> submit(WriteOp<T> op) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        return writers.submit(op).result();
    }

    /** A query, on a reader thread, retried on transient failures like writes are. */
    private <T> CompletionStage<T> query(SqlFunction<T> body) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                long start = System.nanoTime();
                for (int attempt = 0; ; attempt++) {
                    Connection c = null;
                    boolean broken = false;
                    try {
                        c = connections.reader();
                        result.complete(body.apply(c));
                        return;
                    } catch (SQLException e) {
                        broken = dialect.isBroken(e);
                        if ((dialect.isTransient(e) || broken) && !abandoning
                                && System.nanoTime() - start < settings.retryFor().toNanos()) {
                            connections.release(c, broken);
                            c = null;
                            sleep(Math.min(1_000, 5L << Math.min(attempt, 10)));
                            continue;
                        }
                        result.completeExceptionally(new JdbcStoreException(dialect.isTransient(e) ? "store_unavailable" : "store_error",
                                dialect.name() + " read failed: " + e.getMessage(), dialect.isTransient(e), e));
                        return;
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                        return;
                    } finally {
                        if (c != null) {
                            connections.release(c, broken);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JdbcStoreException closedException() {
        return new JdbcStoreException("store_closed", "the state store is closed", false, null);
    }

    /** Commits what is queued, then closes the threads and connections. Idempotent. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        try {
            if (!writers.close(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                log.warn("{}: queued writes did not commit within {}; abandoning them", settings.name(), settings.closeTimeout());
                abandoning = true;
                writers.abort();
                writers.close(5, TimeUnit.SECONDS);
            }
            writers.failQueued(closedException());
            readers.shutdown();
            if (!readers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                abandoning = true;
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            abandoning = true;
            readers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            connections.close();
            callbacks.shutdown();
            // Let the callers' stages complete before close returns (unless close is itself a callback).
            if (!(Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == callbacks)) {
                try {
                    callbacks.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }
}
