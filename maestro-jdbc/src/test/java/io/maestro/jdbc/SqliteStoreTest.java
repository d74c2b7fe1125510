package io.maestro.jdbc;

import static io.maestro.jdbc.Entries.await;
import static io.maestro.jdbc.Entries.newId;
import static io.maestro.jdbc.Entries.one;
import static io.maestro.jdbc.Entries.started;
import static io.maestro.jdbc.Entries.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.LeaseLostException;
import io.maestro.testing.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store adds to the contract: one writer, group commit, busy files, reopening. */
class SqliteStoreTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void concurrentExecutionsShareCommits() {
        try (JdbcStateStore store = JdbcStateStore.sqlite(dir.resolve("m.db"))) {
            StoreLoad.assertGroupsCommits(store, 40, 20);
        }
    }

    @Test
    void appendsIssuedWithoutWaitingLandInCallOrder() {
        try (JdbcStateStore store = JdbcStateStore.sqlite(dir.resolve("m.db"))) {
            StoreLoad.assertPipelinedAppendsLandInOrder(store, 200);
        }
    }

    @Test
    void appendsWaitForAnotherConnectionsWriteLockAndThenSucceed() throws Exception {
        Path file = dir.resolve("m.db");
        try (JdbcStateStore store = JdbcStateStore.sqliteBuilder(file).busyTimeout(Duration.ofMillis(50)).build()) {
            List<String> ids = new ArrayList<>();
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = newId();
                ids.add(id);
                leases.add(await(store.create("a", LONG, one(started(id)))).orElseThrow());
            }
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // another writer holds the file's write lock
                for (int i = 0; i < 5; i++) {
                    String id = ids.get(i);
                    Lease lease = leases.get(i);
                    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                    for (long seq = 2; seq <= 4; seq++) {
                        long n = seq;
                        chain = chain.thenCompose(v -> store.append(lease, one(step(id, n, "a"))));
                    }
                    appends.add(chain.toCompletableFuture());
                }
                Thread.sleep(800);
                assertThat(appends).noneMatch(CompletableFuture::isDone);
                s.execute("ROLLBACK");
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get();
            assertThat(store.stats().retries()).isPositive();
            for (String id : ids) {
                assertThat(await(store.read(id))).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
            }
        }
    }

    @Test
    void reopeningTheFileKeepsEverythingAndMigratesOnce() throws Exception {
        Path file = dir.resolve("m.db");
        String id = newId();
        try (JdbcStateStore store = JdbcStateStore.sqlite(file)) {
            Lease lease = await(store.create("a", LONG, one(started(id)))).orElseThrow();
            await(store.append(lease, one(step(id, 2, "a"))));
        }
        try (JdbcStateStore again = JdbcStateStore.sqlite(file)) {
            assertThat(await(again.read(id))).hasSize(2);
            assertThat(await(again.unfinished())).containsExactly(id);
        }
        assertThat(schemaVersions(file)).containsExactly(1, 2);
    }

    @Test
    void twoStoresOpeningOneNewFileAtOnceBothWork() throws Exception {
        Path file = dir.resolve("m.db");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<JdbcStateStore> a = pool.submit(() -> JdbcStateStore.sqlite(file));
            Future<JdbcStateStore> b = pool.submit(() -> JdbcStateStore.sqlite(file));
            try (JdbcStateStore first = a.get(); JdbcStateStore second = b.get()) {
                String id = newId();
                Lease lease = await(first.create("a", LONG, one(started(id)))).orElseThrow();
                await(second.renew(lease, LONG));
                assertThat(await(second.read(id))).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(schemaVersions(file)).containsExactly(1, 2);
    }

    @Test
    void aFileAtSchemaVersionOneIsUpgradedAndItsEndedExecutionsCanBePurged() throws Exception {
        Path file = dir.resolve("m.db");
        String id = newId();
        try (JdbcStateStore store = JdbcStateStore.sqlite(file)) {
            Lease lease = await(store.create("a", LONG, one(started(id)))).orElseThrow();
            await(store.append(lease, one(new JournalEntry(id, 2, io.maestro.spi.state.EntryType.EXECUTION_ENDED, null, 0,
                    Instant.parse("2026-01-01T00:00:00Z"), java.util.Map.of("status", "COMPLETED")))));
        }
        // What the first release left: version 1, without the purge index.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP INDEX journal_ended");
            s.execute("DELETE FROM schema_version WHERE version = 2");
        }

        try (JdbcStateStore upgraded = JdbcStateStore.sqlite(file)) {
            assertThat(schemaVersions(file)).containsExactly(1, 2);
            assertThat(await(upgraded.purgeEnded(Instant.parse("2026-02-01T00:00:00Z"), 10))).isEqualTo(1);
            assertThat(await(upgraded.read(id))).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet plan = s.executeQuery("EXPLAIN QUERY PLAN SELECT j.execution_id FROM journal j"
                     + " JOIN executions e ON e.id = j.execution_id AND e.last_seq = j.seq"
                     + " WHERE j.type = 'EXECUTION_ENDED' AND j.at < 0 AND e.status = 'ENDED' ORDER BY j.at LIMIT 10")) {
            StringBuilder text = new StringBuilder();
            while (plan.next()) {
                text.append(plan.getString(4)).append('\n');
            }
            assertThat(text.toString()).as("the purge walks its index").contains("journal_ended");
        }
    }

    @Test
    void aSchemaNewerThanThisVersionIsRefusedWithAClearError() throws Exception {
        Path file = dir.resolve("m.db");
        JdbcStateStore.sqlite(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version) VALUES (99)");
        }
        assertThatThrownBy(() -> JdbcStateStore.sqlite(file))
                .isInstanceOf(JdbcStoreException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer");
    }

    @Test
    void aZombieInAnotherStoreOnTheSameFileCannotWriteAfterTakeover() throws Exception {
        Path file = dir.resolve("m.db");
        try (JdbcStateStore a = JdbcStateStore.sqlite(file); JdbcStateStore b = JdbcStateStore.sqlite(file)) {
            String id = newId();
            Lease zombie = await(a.create("a", Duration.ofMillis(200), one(started(id)))).orElseThrow();
            Thread.sleep(400);
            Lease survivor = await(b.claimRecoverable("b", LONG, 10)).stream()
                    .filter(c -> c.lease().executionId().equals(id)).findFirst().orElseThrow().lease();
            assertThatThrownBy(() -> await(a.append(zombie, one(step(id, 2, "a"))))).hasCauseInstanceOf(LeaseLostException.class);
            assertThat(await(a.renew(zombie, LONG))).isFalse();
            await(b.append(survivor, one(step(id, 2, "b"))));
            assertThat(await(a.read(id)).get(1).data()).containsEntry("by", "b");
        }
    }

    @Test
    void leasesFollowTheInjectedClock() {
        FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (JdbcStateStore store = JdbcStateStore.sqliteBuilder(dir.resolve("m.db")).clock(clock).build()) {
            String id = newId();
            await(store.create("a", Duration.ofMinutes(1), one(started(id))));
            assertThat(await(store.claim(id, "b", LONG, false))).isEmpty();
            clock.advance(Duration.ofMinutes(2));
            assertThat(await(store.claim(id, "b", LONG, false))).hasValueSatisfying(c -> assertThat(c.lease().epoch()).isEqualTo(2));
        }
    }

    @Test
    void closeCommitsWhatIsQueued() {
        Path file = dir.resolve("m.db");
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        try (JdbcStateStore store = JdbcStateStore.sqlite(file)) {
            for (int i = 0; i < 200; i++) {
                String id = newId();
                ids.add(id);
                Lease lease = new Lease(id, "a", 1);
                writes.add(store.create("a", LONG, one(started(id))).toCompletableFuture());
                writes.add(store.append(lease, one(step(id, 2, "a"))).toCompletableFuture());
            }
        }
        assertThat(writes).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        try (JdbcStateStore again = JdbcStateStore.sqlite(file)) {
            for (String id : ids) {
                assertThat(await(again.read(id))).hasSize(2);
            }
            assertThatThrownBy(() -> await(storeClosedAfter(again).read(ids.get(0))))
                    .hasCauseInstanceOf(JdbcStoreException.class);
        }
    }

    @Test
    void aStoreIsOpenedFromACliLocation() {
        try (JdbcStateStore store = JdbcStateStore.open("sqlite:" + dir.resolve("cli.db"))) {
            assertThat(store.toString()).contains("cli.db");
        }
        assertThatThrownBy(() -> JdbcStateStore.open("mysql://x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sqlite:<path>");
    }

    @Test
    void sqliteHasExactlyOneWriter() {
        assertThatThrownBy(() -> JdbcStateStore.sqliteBuilder(dir.resolve("m.db")).writers(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one writer");
    }

    private static JdbcStateStore storeClosedAfter(JdbcStateStore store) {
        store.close();
        return store;
    }

    private static List<Integer> schemaVersions(Path file) throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }
}
