package io.maestro.jdbc;

import static io.maestro.jdbc.Entries.await;
import static io.maestro.jdbc.Entries.newId;
import static io.maestro.jdbc.Entries.one;
import static io.maestro.jdbc.Entries.started;
import static io.maestro.jdbc.Entries.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.maestro.spi.state.Claim;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.LeaseLostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the PostgreSQL store adds to the contract: several instances (two store objects on one
 * database) fencing each other, claiming without overlap, and database faults.
 */
class PostgresStoreTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private String schema;
    private final List<AutoCloseable> toClose = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void newSchema() throws Exception {
        schema = PostgresFixture.newSchema();
    }

    @AfterEach
    void closeStores() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @AfterAll
    static void dropSchemas() {
        PostgresFixture.dropSchemas();
    }

    private JdbcStateStore.Builder builder() {
        return JdbcStateStore.postgresBuilder(PostgresFixture.urlFor(schema), null, null).poolSize(4);
    }

    private JdbcStateStore open(JdbcStateStore.Builder builder) {
        JdbcStateStore store = builder.build();
        toClose.add(store);
        return store;
    }

    @Test
    void concurrentExecutionsShareCommits() {
        StoreLoad.assertGroupsCommits(open(builder()), 40, 20);
    }

    @Test
    void appendsIssuedWithoutWaitingLandInCallOrderAcrossWriters() {
        JdbcStateStore store = open(builder().poolSize(6).writers(4).batchSize(3));
        StoreLoad.assertPipelinedAppendsLandInOrder(store, 200);
        List<Lease> leases = StoreLoad.create(store, 20);
        await(StoreLoad.appendConcurrently(store, leases, 10));
        for (Lease lease : leases) {
            assertThat(await(store.read(lease.executionId()))).hasSize(11);
        }
        assertThat(store.stats().largestGroup()).isBetween(1L, 3L);
    }

    @Test
    void aZombieInstanceCannotWriteAfterAnotherTookItsExecutionOver() throws Exception {
        JdbcStateStore a = open(builder());
        JdbcStateStore b = open(builder());
        String id = newId();
        Lease zombie = await(a.create("instance-a", Duration.ofMillis(300), one(started(id)))).orElseThrow();
        await(a.append(zombie, one(step(id, 2, "a"))));
        Thread.sleep(600); // instance a is paused past its lease

        List<Claim> claims = await(b.claimRecoverable("instance-b", LONG, 10));
        assertThat(claims).extracting(c -> c.lease().executionId()).containsExactly(id);
        Lease survivor = claims.get(0).lease();
        assertThat(survivor.epoch()).isEqualTo(2);

        assertThatThrownBy(() -> await(a.append(zombie, one(step(id, 3, "a"))))).hasCauseInstanceOf(LeaseLostException.class);
        assertThat(await(a.renew(zombie, LONG))).isFalse();
        await(a.release(zombie)); // a stale release changes nothing
        assertThat(await(a.claim(id, "instance-a", LONG, false))).isEmpty();
        await(b.append(survivor, one(step(id, 3, "b"))));
        assertThat(await(a.read(id))).extracting(e -> e.data().get("by")).containsExactly(null, "a", "b");
    }

    @Test
    void aTakeoverDuringAZombiesWritesLetsEachOfThemLandBeforeItOrNotAtAll() throws Exception {
        JdbcStateStore a = open(builder());
        JdbcStateStore b = open(builder());
        String id = newId();
        Lease zombie = await(a.create("instance-a", LONG, one(started(id)))).orElseThrow();
        List<Long> landed = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Throwable> zombieStopped = CompletableFuture.supplyAsync(() -> {
            for (long seq = 2; ; seq++) {
                try {
                    await(a.append(zombie, one(step(id, seq, "a"))));
                    landed.add(seq);
                } catch (CompletionException e) {
                    return e.getCause();
                }
            }
        });
        while (landed.size() < 20) {
            Thread.sleep(5);
        }
        Lease survivor = await(b.claim(id, "instance-b", LONG, true)).orElseThrow().lease();
        List<JournalEntry> atTakeover = await(b.read(id));
        long last = atTakeover.get(atTakeover.size() - 1).sequence();
        await(b.append(survivor, one(step(id, last + 1, "b"))));

        assertThat(zombieStopped.get(30, TimeUnit.SECONDS)).isInstanceOf(LeaseLostException.class);
        List<JournalEntry> journal = await(b.read(id));
        assertThat(journal).extracting(JournalEntry::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, last + 1).boxed().toList());
        assertThat(landed).allMatch(seq -> seq <= last).hasSize((int) last - 1);
        assertThat(journal.get(journal.size() - 1).data()).containsEntry("by", "b");
    }

    @Test
    void twoInstancesClaimingAtOnceTakeEachRecoverableExecutionOnce() throws Exception {
        JdbcStateStore a = open(builder());
        JdbcStateStore b = open(builder());
        Set<String> ids = new HashSet<>();
        for (Lease lease : StoreLoad.create(a, 60)) {
            ids.add(lease.executionId());
            await(a.release(lease));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> byA = pool.submit(() -> claimAll(a, "instance-a"));
            Future<List<String>> byB = pool.submit(() -> claimAll(b, "instance-b"));
            List<String> all = new ArrayList<>(byA.get());
            all.addAll(byB.get());
            assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> claimAll(JdbcStateStore store, String owner) {
        List<String> claimed = new ArrayList<>();
        while (true) {
            List<Claim> batch = await(store.claimRecoverable(owner, LONG, 4));
            if (batch.isEmpty()) {
                return claimed;
            }
            batch.forEach(c -> claimed.add(c.lease().executionId()));
        }
    }

    @Test
    void connectionsTerminatedBetweenWritesAreReplacedWithoutLosingAWrite() throws Exception {
        String app = "maestro-test-" + UUID.randomUUID();
        JdbcStateStore store = open(builder().applicationName(app));
        List<Lease> leases = StoreLoad.create(store, 5);
        try (Connection admin = PostgresFixture.connect()) {
            for (long seq = 2; seq <= 6; seq++) {
                assertThat(PostgresFixture.terminateBackends(admin, app)).isPositive();
                for (Lease lease : leases) {
                    await(store.append(lease, one(step(lease.executionId(), seq, "a"))));
                }
                assertThat(await(store.read(leases.get(0).executionId()))).hasSize((int) seq);
            }
        }
        for (Lease lease : leases) {
            assertThat(await(store.read(lease.executionId()))).extracting(JournalEntry::sequence)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void connectionsTerminatedDuringABurstOfWritesLoseAndDuplicateNothing() throws Exception {
        String app = "maestro-test-" + UUID.randomUUID();
        JdbcStateStore store = open(builder().applicationName(app));
        int executions = 30;
        int appendsEach = 40;
        List<Lease> leases = StoreLoad.create(store, executions);
        AtomicBoolean stop = new AtomicBoolean();
        int[] terminated = new int[1];
        // Terminates the store's connections a dozen times while it writes, each time once the
        // store has committed more since the last time (a server forks a process per connection,
        // so killing without pause would only measure how fast it forks).
        Thread killer = new Thread(() -> {
            try (Connection admin = PostgresFixture.connect()) {
                long seen = store.stats().operations();
                for (int kills = 0; kills < 12 && !stop.get(); ) {
                    long now = store.stats().operations();
                    if (now > seen + 5) {
                        terminated[0] += PostgresFixture.terminateBackends(admin, app);
                        seen = now;
                        kills++;
                    }
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        killer.start();
        try {
            await(StoreLoad.appendConcurrently(store, leases, appendsEach));
        } finally {
            stop.set(true);
            killer.join();
        }
        assertThat(terminated[0]).isPositive();
        assertThat(store.stats().retries()).isPositive();
        for (Lease lease : leases) {
            List<JournalEntry> journal = await(store.read(lease.executionId()));
            assertThat(journal).extracting(JournalEntry::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, appendsEach + 1).boxed().toList());
            assertThat(journal.subList(1, journal.size())).allSatisfy(e -> assertThat(e.data().get("seq")).isEqualTo(e.sequence()));
        }
        try (Connection c = PostgresFixture.connect(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (execution_id, seq)) FROM journal")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isEqualTo((long) executions * (appendsEach + 1));
        }
    }

    @Test
    void aCommitWhoseAnswerIsLostIsRecognisedNotRepeated() throws Exception {
        try (HikariDataSource pool = pool()) {
            CommitFaults faults = new CommitFaults(pool);
            JdbcStateStore store = open(JdbcStateStore.postgresBuilder(faults.dataSource()));
            String id = newId();

            faults.landButReportFailure.set(1);
            Optional<Lease> created = await(store.create("a", LONG, one(started(id))));
            assertThat(created).as("our own create, not someone else's").isPresent();
            Lease lease = created.get();

            faults.landButReportFailure.set(1);
            await(store.append(lease, one(step(id, 2, "a"))));

            faults.landButReportFailure.set(2); // and the retry's answer is lost too
            await(store.append(lease, List.of(step(id, 3, "a"), step(id, 4, "a"))));

            faults.failBeforeCommit.set(1);
            await(store.append(lease, one(step(id, 5, "a"))));

            await(store.release(lease));
            faults.landButReportFailure.set(1);
            List<Claim> claims = await(store.claimRecoverable("b", LONG, 10));
            assertThat(claims).hasSize(1);
            assertThat(claims.get(0).lease().epoch()).isEqualTo(2);
            assertThat(claims.get(0).recoveries()).isEqualTo(1);

            faults.landButReportFailure.set(1);
            Claim forced = await(store.claim(id, "c", LONG, true)).orElseThrow();
            assertThat(forced.lease().epoch()).isEqualTo(3);
            assertThat(forced.recoveries()).isEqualTo(2);

            faults.landButReportFailure.set(1);
            await(store.append(forced.lease(), one(new JournalEntry(id, 6, EntryType.EXECUTION_ENDED, null, 0, Entries.now(),
                    Map.of("status", "COMPLETED")))));

            assertThat(await(store.read(id))).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(await(store.unfinished())).doesNotContain(id);
            // A genuine second create of the same id is still refused, replay or not.
            assertThat(await(store.create("a", LONG, one(started(id))))).isEmpty();
            assertThat(store.stats().retries()).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void aDatabaseThatStaysDownFailsWritesRetryablyAfterTheRetryWindow() throws Exception {
        try (HikariDataSource pool = pool()) {
            CommitFaults faults = new CommitFaults(pool);
            JdbcStateStore store = open(JdbcStateStore.postgresBuilder(faults.dataSource()).retryFor(Duration.ofMillis(300)));
            String id = newId();
            faults.failBeforeCommit.set(Integer.MAX_VALUE);
            assertThatThrownBy(() -> await(store.create("a", LONG, one(started(id)))))
                    .cause().isInstanceOf(JdbcStoreException.class)
                    .satisfies(e -> assertThat(((JdbcStoreException) e).isRetryable()).isTrue())
                    .satisfies(e -> assertThat(((JdbcStoreException) e).code()).isEqualTo("store_unavailable"));
            faults.failBeforeCommit.set(0);
            assertThat(await(store.read(id))).isEmpty();
            assertThat(await(store.create("a", LONG, one(started(id))))).isPresent();
        }
    }

    @Test
    void twoInstancesStartingAtOnceOnANewDatabaseMigrateOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<JdbcStateStore>> opening = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opening.add(pool.submit(() -> open(builder())));
            }
            for (Future<JdbcStateStore> f : opening) {
                JdbcStateStore store = f.get();
                String id = newId();
                assertThat(await(store.create("a", LONG, one(started(id))))).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        open(builder()).close();
        try (Connection c = PostgresFixture.connect(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new java.util.ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
            assertThat(versions).containsExactly(1, 2);
        }
    }

    @Test
    void anUnreachableDatabaseFailsOpeningWithAClearError() {
        assertThatThrownBy(() -> JdbcStateStore.postgres("jdbc:postgresql://127.0.0.1:1/none", "u", "secret"))
                .isInstanceOf(JdbcStoreException.class)
                .hasMessageContaining("127.0.0.1:1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void aPostgresStoreRefusesALocalClock() {
        assertThatThrownBy(() -> builder().clock(java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("database clock");
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresFixture.urlFor(schema));
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
