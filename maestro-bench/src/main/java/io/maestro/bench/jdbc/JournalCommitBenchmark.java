package io.maestro.bench.jdbc;

import io.maestro.jdbc.JdbcStateStore;
import io.maestro.jdbc.JdbcStoreStats;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The journal's write rate next to the database's raw commit rate, measured in one run, for
 * SQLite and PostgreSQL with durability on.
 *
 * <ul>
 *   <li>(a) raw: N threads, each with its own connection, inserting one row per autocommit
 *       transaction (a row the size of a journal entry) — what the database commits per second;</li>
 *   <li>(b) store: N concurrent "executions", each creating itself and then appending 20 entries
 *       one at a time through {@link JdbcStateStore}, waiting for each to be durable before the
 *       next, as the engine does.</li>
 * </ul>
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}. PostgreSQL connections set
 * {@code synchronous_commit=on}; the run prints {@code SHOW fsync} and {@code SHOW
 * synchronous_commit} and warns when durability is off (as in embedded test servers).
 *
 * <pre>
 * java -cp maestro-bench/target/maestro-benchmarks.jar io.maestro.bench.jdbc.JournalCommitBenchmark \
 *     [--threads 16] [--seconds 10] [--postgres jdbc:postgresql://…?user=…&amp;password=…|none] [--sqlite file]
 *     [--only sqlite|postgres] [--pg-writers N]
 * </pre>
 * Without {@code --postgres}, the URL comes from {@code MAESTRO_TEST_POSTGRES_URL}
 * ({@code eval "$(bash .ci/postgres.sh)"} starts a local server and sets it).
 */
public final class JournalCommitBenchmark {

    private static final int APPENDS_PER_EXECUTION = 20;
    private static final Duration WARMUP = Duration.ofSeconds(1);
    private static final String PAYLOAD = "{\"output\":{\"value\":720,\"rate\":4.25,\"status\":\"approved\",\"loan_id\":\"L-0001\"}}";

    private final int threads;
    private final Duration measure;
    private final Integer pgWriters;

    private JournalCommitBenchmark(int threads, Duration measure, Integer pgWriters) {
        this.threads = threads;
        this.measure = measure;
        this.pgWriters = pgWriters;
    }

    public static void main(String[] args) throws Exception {
        int threads = 16;
        int seconds = 10;
        String postgres = System.getenv("MAESTRO_TEST_POSTGRES_URL");
        Path sqlite = null;
        String only = null;
        Integer pgWriters = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--postgres" -> postgres = args[++i];
                case "--sqlite" -> sqlite = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--pg-writers" -> pgWriters = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: JournalCommitBenchmark [--threads N] [--seconds S] [--postgres URL|none] [--sqlite FILE] [--only sqlite|postgres] [--pg-writers N]");
                    System.exit(2);
                }
            }
        }
        if (seconds < 1 || seconds > 25) {
            throw new IllegalArgumentException("--seconds must be 1..25 (each measurement stays under a minute)");
        }
        JournalCommitBenchmark bench = new JournalCommitBenchmark(threads, Duration.ofSeconds(seconds), pgWriters);
        System.out.printf(Locale.ROOT, "Journal write rate vs raw commit rate: %d threads/executions, %d s per measurement (+%d s warm-up), %d cores%n",
                threads, seconds, WARMUP.toSeconds(), Runtime.getRuntime().availableProcessors());

        if (!"postgres".equals(only)) {
            if (sqlite != null) {
                bench.sqlite(sqlite);
            } else {
                Path dir = Files.createTempDirectory("maestro-bench-jdbc");
                try {
                    bench.sqlite(dir.resolve("bench.db"));
                } finally {
                    try (var files = Files.list(dir)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(dir);
                }
            }
        }
        if ("sqlite".equals(only)) {
            return;
        }
        if (postgres == null || postgres.isBlank() || postgres.equals("none")) {
            System.out.println("\n== PostgreSQL: skipped (no --postgres URL and MAESTRO_TEST_POSTGRES_URL is not set)");
        } else {
            bench.postgres(postgres);
        }
    }

    // ---------------------------------------------------------------- SQLite

    private void sqlite(Path file) throws Exception {
        Files.deleteIfExists(file);
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        System.out.printf(Locale.ROOT, "%n== SQLite %s (file %s)%n", sqliteVersion(url), file);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE raw_commits (id INTEGER PRIMARY KEY, thread INTEGER, n INTEGER, payload TEXT)");
        }
        ConnectionFactory raw = () -> {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 60000");
                s.execute("PRAGMA synchronous = FULL");
            }
            return c;
        };
        try (Connection c = raw.open(); Statement s = c.createStatement()) {
            System.out.printf("   durability: journal_mode=%s synchronous=%s (2 = FULL)%n",
                    one(s, "PRAGMA journal_mode"), one(s, "PRAGMA synchronous"));
        }
        double rawN = rawCommits(raw, threads, "INSERT INTO raw_commits (thread, n, payload) VALUES (?, ?, ?)");
        print(String.format(Locale.ROOT, "(a) raw commits, %d threads (one connection each), single-row autocommit", threads), rawN, "commits/s");
        double raw1 = rawCommits(raw, 1, "INSERT INTO raw_commits (thread, n, payload) VALUES (?, ?, ?)");
        print("    raw commits, 1 thread (SQLite's single-writer ceiling)", raw1, "commits/s");
        Result store;
        try (JdbcStateStore s = JdbcStateStore.sqlite(file)) {
            store = storeAppends(s);
        }
        report(store, rawN, raw1);
        engine(JdbcStateStore.sqlite(file.resolveSibling(file.getFileName() + "-engine.db")), rawN);
    }

    private static String sqliteVersion(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            return one(s, "SELECT sqlite_version()");
        }
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void postgres(String baseUrl) throws Exception {
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // Durability on, whatever the server's default: every connection of the run sets it.
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema
                + "&options=-c%20synchronous_commit%3Don";
        try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = on");
                String fsync = one(s, "SHOW fsync");
                String syncCommit = one(s, "SHOW synchronous_commit");
                System.out.printf(Locale.ROOT, "%n== PostgreSQL %s (%s)%n", one(s, "SHOW server_version"), redact(baseUrl));
                System.out.printf("   durability: fsync=%s synchronous_commit=%s wal_sync_method=%s%n",
                        fsync, syncCommit, one(s, "SHOW wal_sync_method"));
                if (!"on".equals(fsync) || !"on".equals(syncCommit)) {
                    System.out.println("   WARNING: durability is OFF on this server; these figures do not measure durable commits");
                }
                s.execute("CREATE TABLE raw_commits (id bigserial PRIMARY KEY, thread integer, n bigint, payload text)");
            }
            ConnectionFactory raw = () -> DriverManager.getConnection(url);
            double rawN = rawCommits(raw, threads, "INSERT INTO raw_commits (thread, n, payload) VALUES (?, ?, ?)");
            print(String.format(Locale.ROOT, "(a) raw commits, %d threads (one connection each), single-row autocommit", threads), rawN, "commits/s");
            Result store;
            JdbcStateStore.Builder builder = JdbcStateStore.postgresBuilder(url, null, null);
            if (pgWriters != null) {
                builder.poolSize(pgWriters + 2).writers(pgWriters);
            }
            try (JdbcStateStore s = builder.build()) {
                store = storeAppends(s);
            }
            report(store, rawN, Double.NaN);
            engine(builder.build(), rawN);
        } finally {
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    // ---------------------------------------------------------------- measurements

    @FunctionalInterface
    private interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Single-row autocommit inserts from {@code n} threads; commits per second. */
    private double rawCommits(ConnectionFactory factory, int n, String insert) throws Exception {
        LongAdder counted = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try (Connection c = factory.open(); PreparedStatement ps = c.prepareStatement(insert)) {
                    ready.countDown();
                    for (long i = 0; !stop.get(); i++) {
                        ps.setInt(1, id);
                        ps.setLong(2, i);
                        ps.setString(3, PAYLOAD);
                        ps.executeUpdate();
                        if (counting.get()) {
                            counted.increment();
                        }
                    }
                } catch (Throwable e) {
                    ready.countDown();
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "raw-" + t);
            workers.add(w);
            w.start();
        }
        ready.await();
        double rate = measure(counted, counting);
        stop.set(true);
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(70));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("raw inserts failed: " + failures.get(0), failures.get(0));
        }
        return rate;
    }

    private record Result(double appendsPerSecond, double createsPerSecond, double commitsPerSecond, double opsPerCommit) {
    }

    /** {@code threads} executions at a time, each created then appended to 20 times, one append at a time. */
    private Result storeAppends(JdbcStateStore store) throws Exception {
        LongAdder appends = new LongAdder();
        LongAdder creates = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        String id = "bench-" + UUID.randomUUID();
                        JournalEntry first = new JournalEntry(id, 1, EntryType.EXECUTION_STARTED, null, 0, Instant.now(),
                                Map.of("workflow", "bench", "version", "1", "input", Map.of("applicant_id", "A-17")));
                        Lease lease = store.create("bench", Duration.ofMinutes(5), List.of(first)).toCompletableFuture().join().orElseThrow();
                        if (counting.get()) {
                            creates.increment();
                        }
                        for (int seq = 2; seq <= APPENDS_PER_EXECUTION + 1 && !stop.get(); seq++) {
                            JournalEntry e = new JournalEntry(id, seq, seq % 2 == 0 ? EntryType.STEP_STARTED : EntryType.STEP_COMPLETED,
                                    "step_" + (seq / 2), 1, Instant.now(),
                                    seq % 2 == 0 ? Map.of() : Map.of("output", Map.of("value", 720, "rate", 4.25, "status", "approved")));
                            store.append(lease, List.of(e)).toCompletableFuture().join();
                            if (counting.get()) {
                                appends.increment();
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "execution-" + t);
            workers.add(w);
            w.start();
        }
        Thread.sleep(WARMUP.toMillis());
        JdbcStoreStats before = store.stats();
        long start = System.nanoTime();
        counting.set(true);
        Thread.sleep(measure.toMillis());
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        JdbcStoreStats after = store.stats();
        stop.set(true);
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(70));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("store appends failed: " + failures.get(0), failures.get(0));
        }
        long commits = after.transactions() - before.transactions();
        long ops = after.operations() - before.operations();
        return new Result(appends.sum() / seconds, creates.sum() / seconds, commits / seconds,
                commits == 0 ? 0 : (double) ops / commits);
    }

    /**
     * (c) The engine on this store: {@code threads} executions at a time of a 10-step sequential
     * workflow on the in-memory transport, so the journal is all there is to wait for: 22 journal
     * writes per workflow (started, 10 × step started + completed, ended), each durable before the
     * engine goes on.
     */
    private void engine(JdbcStateStore store, double rawN) throws Exception {
        io.maestro.spi.transport.InMemoryTransport services = new io.maestro.spi.transport.InMemoryTransport().recording(false);
        io.maestro.dsl.WorkflowBuilder w = io.maestro.model.Workflow.named("ten_steps").version("1");
        for (int i = 0; i < 10; i++) {
            int n = i;
            services.handle("svc", "S" + i, call -> Map.of("value", n));
            w.step("s" + i, st -> st.call("svc", "S" + n).input(Map.of("previous", n == 0 ? "{{ .input.x }}" : "{{ .s" + (n - 1) + ".value }}")));
        }
        io.maestro.model.Workflow workflow = w.build();
        LongAdder done = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        try (io.maestro.Orchestrator o = io.maestro.Orchestrator.builder().transport(services).discoverTransports(false)
                .stateStore(store).build()) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            io.maestro.ExecutionResult r = o.run(workflow, Map.of("x", 1));
                            if (r.status() != io.maestro.ExecutionStatus.COMPLETED) {
                                throw new IllegalStateException("workflow ended " + r.status() + ": " + r.error());
                            }
                            if (counting.get()) {
                                done.increment();
                            }
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "workflow-" + t);
                workers.add(worker);
                worker.start();
            }
            double perSecond = measure(done, counting);
            stop.set(true);
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(70));
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("engine run failed: " + failures.get(0), failures.get(0));
            }
            print(String.format(Locale.ROOT, "(c) engine: 10-step workflows, %d at a time, a checkpoint per step", threads), perSecond, "workflows/s");
            System.out.printf(Locale.ROOT, "       = %,.0f journal writes/s (22 per workflow); ratio to (a): %.2f%n",
                    perSecond * 22, perSecond * 22 / rawN);
        }
    }

    private double measure(LongAdder counted, AtomicBoolean counting) throws InterruptedException {
        Thread.sleep(WARMUP.toMillis());
        long start = System.nanoTime();
        counting.set(true);
        Thread.sleep(measure.toMillis());
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        return counted.sum() / seconds;
    }

    private void report(Result store, double rawN, double raw1) {
        print(String.format(Locale.ROOT, "(b) store appends, %d executions x %d appends, each awaited", threads, APPENDS_PER_EXECUTION),
                store.appendsPerSecond(), "appends/s");
        System.out.printf(Locale.ROOT, "       + %,.0f creates/s; %,.0f commits/s carrying %.1f operations each%n",
                store.createsPerSecond(), store.commitsPerSecond(), store.opsPerCommit());
        System.out.printf(Locale.ROOT, "   ratio (b)/(a): %.2f  (journal appends per second / raw commits per second, %d threads)%n",
                store.appendsPerSecond() / rawN, threads);
        if (!Double.isNaN(raw1)) {
            System.out.printf(Locale.ROOT, "   ratio (b)/(a, 1 thread): %.2f%n", store.appendsPerSecond() / raw1);
        }
    }

    private static void print(String what, double rate, String unit) {
        System.out.printf(Locale.ROOT, "   %-86s %,10.0f %s%n", what + ":", rate, unit);
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
