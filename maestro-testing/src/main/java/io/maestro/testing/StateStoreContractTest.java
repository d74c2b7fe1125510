package io.maestro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.spi.state.Claim;
import io.maestro.spi.state.EntryType;
import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import io.maestro.spi.state.LeaseLostException;
import io.maestro.spi.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have. Extend it, return a fresh, empty store from
 * {@link #newStore()}, and the store is checked the way the engine relies on it.
 *
 * <pre>{@code
 * class SqliteStateStoreTest extends StateStoreContractTest {
 *     @TempDir Path dir;
 *     @Override protected StateStore newStore() { return JdbcStateStore.sqlite(dir.resolve("m.db")); }
 * }
 * }</pre>
 */
public abstract class StateStoreContractTest {

    /** Long enough never to expire during a test. */
    protected static final Duration LONG = Duration.ofMinutes(5);
    /** Short enough to expire quickly; stores measure it with their own clock. */
    protected static final Duration SHORT = Duration.ofMillis(300);

    protected StateStore store;

    protected abstract StateStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    protected static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    protected static String newId() {
        return "exec-" + UUID.randomUUID();
    }

    protected static JournalEntry entry(String id, long seq, EntryType type, String step, Map<String, Object> data) {
        return new JournalEntry(id, seq, type, step, step == null ? 0 : 1, Instant.now().truncatedTo(ChronoUnit.MILLIS), data);
    }

    protected static JournalEntry started(String id) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflow", "w");
        data.put("version", "1");
        data.put("input", Map.of("n", 1, "nested", List.of("a", Map.of("b", true)), "nothing", "x"));
        return entry(id, 1, EntryType.EXECUTION_STARTED, null, data);
    }

    protected Lease create(String id, Duration ttl) {
        return await(store.create("owner-a", ttl, List.of(started(id)))).orElseThrow();
    }

    @Test
    void createdExecutionReadsBackExactly() {
        String id = newId();
        Lease lease = create(id, LONG);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("value", 720);
        output.put("rate", 4.25);
        output.put("big", 9_007_199_254_740_993L);
        output.put("none", null);
        output.put("list", List.of(1, "two", false));
        JournalEntry completed = entry(id, 2, EntryType.STEP_COMPLETED, "credit_check", Map.of("output", output));
        await(store.append(lease, List.of(completed)));

        List<JournalEntry> journal = await(store.read(id));
        assertThat(lease.epoch()).isEqualTo(1);
        assertThat(lease.owner()).isEqualTo("owner-a");
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0)).isEqualTo(started(id).withAt(journal.get(0).at()));
        assertThat(journal.get(1).type()).isEqualTo(EntryType.STEP_COMPLETED);
        assertThat(journal.get(1).stepId()).isEqualTo("credit_check");
        assertThat(journal.get(1).attempt()).isEqualTo(1);
        assertThat(journal.get(1).at()).isEqualTo(completed.at());
        @SuppressWarnings("unchecked")
        Map<String, Object> readOutput = (Map<String, Object>) journal.get(1).data().get("output");
        assertThat(readOutput).containsEntry("value", 720).containsEntry("rate", 4.25)
                .containsEntry("big", 9_007_199_254_740_993L).containsEntry("none", null)
                .containsEntry("list", List.of(1, "two", false));
    }

    @Test
    void creatingAnExistingExecutionWritesNothing() {
        String id = newId();
        create(id, LONG);
        Optional<Lease> again = await(store.create("owner-b", LONG, List.of(started(id))));
        assertThat(again).isEmpty();
        assertThat(await(store.read(id))).hasSize(1);
    }

    @Test
    void unknownExecutionReadsEmpty() {
        assertThat(await(store.read(newId()))).isEmpty();
    }

    @Test
    void aBatchWithAWrongSequenceIsRejectedWhole() {
        String id = newId();
        Lease lease = create(id, LONG);
        List<JournalEntry> batch = List.of(
                entry(id, 2, EntryType.STEP_STARTED, "a", Map.of()),
                entry(id, 4, EntryType.STEP_COMPLETED, "a", Map.of()));
        assertThatThrownBy(() -> await(store.append(lease, batch))).isInstanceOf(CompletionException.class);
        assertThat(await(store.read(id))).hasSize(1);
        // A repeated sequence number (a write replayed after an unknown outcome) is refused too.
        await(store.append(lease, List.of(entry(id, 2, EntryType.STEP_STARTED, "a", Map.of()))));
        assertThatThrownBy(() -> await(store.append(lease, List.of(entry(id, 2, EntryType.STEP_STARTED, "a", Map.of())))))
                .isInstanceOf(CompletionException.class);
        assertThat(await(store.read(id))).hasSize(2);
    }

    @Test
    void aLiveLeaseCannotBeClaimedButAnExpiredOneCan() throws Exception {
        String id = newId();
        create(id, SHORT);
        assertThat(await(store.claim(id, "owner-b", LONG, false))).isEmpty();
        Thread.sleep(SHORT.toMillis() + 300);
        Optional<Claim> claim = await(store.claim(id, "owner-b", LONG, false));
        assertThat(claim).isPresent();
        assertThat(claim.get().lease().epoch()).isEqualTo(2);
        assertThat(claim.get().lease().owner()).isEqualTo("owner-b");
        assertThat(claim.get().recoveries()).isEqualTo(1);
    }

    @Test
    void aZombieWithAnOldEpochCannotWriteAfterTakeover() throws Exception {
        String id = newId();
        Lease zombie = create(id, SHORT);
        Thread.sleep(SHORT.toMillis() + 300);
        Lease survivor = await(store.claim(id, "owner-b", LONG, false)).orElseThrow().lease();

        assertThatThrownBy(() -> await(store.append(zombie, List.of(entry(id, 2, EntryType.STEP_STARTED, "a", Map.of())))))
                .hasCauseInstanceOf(LeaseLostException.class);
        assertThat(await(store.renew(zombie, LONG))).isFalse();
        await(store.append(survivor, List.of(entry(id, 2, EntryType.STEP_STARTED, "a", Map.of()))));
        assertThat(await(store.read(id))).extracting(JournalEntry::type)
                .containsExactly(EntryType.EXECUTION_STARTED, EntryType.STEP_STARTED);
    }

    @Test
    void renewingKeepsTheLeaseAlive() throws Exception {
        String id = newId();
        Lease lease = create(id, SHORT);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(SHORT.toMillis() / 2);
            assertThat(await(store.renew(lease, SHORT))).isTrue();
        }
        assertThat(await(store.claim(id, "owner-b", LONG, false))).isEmpty();
    }

    @Test
    void releasedExecutionsAreRecoverableAtOnce() {
        String id = newId();
        Lease lease = create(id, LONG);
        await(store.release(lease));
        assertThat(await(store.claimRecoverable("owner-b", LONG, 10))).extracting(c -> c.lease().executionId()).contains(id);
    }

    @Test
    void endedAndParkedExecutionsAreNotRecoverable() {
        String ended = newId();
        Lease a = create(ended, SHORT);
        await(store.append(a, List.of(entry(ended, 2, EntryType.EXECUTION_ENDED, null, Map.of("status", "COMPLETED")))));
        String parked = newId();
        Lease b = create(parked, SHORT);
        await(store.append(b, List.of(entry(parked, 2, EntryType.EXECUTION_PARKED, null, Map.of("reason", "too many recoveries")))));
        String running = newId();
        Lease c = create(running, SHORT);
        await(store.release(c));

        List<String> claimed = await(store.claimRecoverable("owner-b", LONG, 100)).stream().map(x -> x.lease().executionId()).toList();
        assertThat(claimed).contains(running).doesNotContain(ended, parked);
        assertThat(await(store.unfinished())).contains(running, parked).doesNotContain(ended);
        assertThat(await(store.claim(ended, "owner-b", LONG, true))).isEmpty();
        // An operator may force a parked execution back.
        assertThat(await(store.claim(parked, "owner-b", LONG, true))).isPresent();
    }

    @Test
    void anEndedExecutionCanBeReopenedToAppendMore() {
        String id = newId();
        Lease first = create(id, LONG);
        await(store.append(first, List.of(entry(id, 2, EntryType.EXECUTION_ENDED, null, Map.of("status", "COMPENSATION_FAILED")))));
        assertThat(await(store.unfinished())).doesNotContain(id);

        Lease reopened = await(store.reopen(id, "owner-b", LONG)).orElseThrow();
        assertThat(reopened.executionId()).isEqualTo(id);
        assertThat(reopened.owner()).isEqualTo("owner-b");
        assertThat(reopened.epoch()).isEqualTo(2);
        assertThat(await(store.unfinished())).contains(id);
        // Running again under a live lease: not recoverable, and not to be reopened twice.
        assertThat(await(store.claim(id, "owner-c", LONG, false))).isEmpty();
        assertThat(await(store.reopen(id, "owner-c", LONG))).isEmpty();

        assertThatThrownBy(() -> await(store.append(first, List.of(entry(id, 3, EntryType.EXECUTION_REOPENED, null, Map.of())))))
                .hasCauseInstanceOf(LeaseLostException.class);
        assertThat(await(store.renew(first, LONG))).isFalse();
        assertThat(await(store.renew(reopened, LONG))).isTrue();

        await(store.append(reopened, List.of(entry(id, 3, EntryType.EXECUTION_REOPENED, null, Map.of()))));
        await(store.append(reopened, List.of(
                entry(id, 4, EntryType.COMPENSATION_STARTED, "a", Map.of()),
                entry(id, 5, EntryType.COMPENSATION_COMPLETED, "a", Map.of()))));
        assertThat(await(store.unfinished())).contains(id);
        await(store.append(reopened, List.of(entry(id, 6, EntryType.EXECUTION_ENDED, null, Map.of("status", "COMPENSATED")))));

        assertThat(await(store.unfinished())).doesNotContain(id);
        assertThat(await(store.claimRecoverable("owner-c", LONG, 100))).extracting(c -> c.lease().executionId()).doesNotContain(id);
        assertThatThrownBy(() -> await(store.append(reopened, List.of(entry(id, 7, EntryType.STEP_STARTED, "b", Map.of())))))
                .hasCauseInstanceOf(LeaseLostException.class);
        List<JournalEntry> journal = await(store.read(id));
        assertThat(journal).extracting(JournalEntry::type).containsExactly(
                EntryType.EXECUTION_STARTED, EntryType.EXECUTION_ENDED, EntryType.EXECUTION_REOPENED,
                EntryType.COMPENSATION_STARTED, EntryType.COMPENSATION_COMPLETED, EntryType.EXECUTION_ENDED);
        assertThat(journal).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(journal.get(5).data()).containsEntry("status", "COMPENSATED");

        // Ended again, it can be reopened again.
        assertThat(await(store.reopen(id, "owner-a", LONG))).hasValueSatisfying(l -> assertThat(l.epoch()).isEqualTo(3));
    }

    @Test
    void purgingDeletesWhatEndedBeforeTheCutOffOldestFirstAndNothingElse() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String reopened = endedAt(now.minus(Duration.ofDays(4)));
        await(store.reopen(reopened, "owner-b", LONG)).orElseThrow();
        String oldest = endedAt(now.minus(Duration.ofDays(3)));
        String old = endedAt(now.minus(Duration.ofDays(2)));
        String recent = endedAt(now.minus(Duration.ofMinutes(5)));
        String running = newId();
        create(running, LONG);
        Instant cutOff = now.minus(Duration.ofDays(1));

        assertThat(await(store.purgeEnded(cutOff, 1))).isEqualTo(1);
        assertThat(await(store.read(oldest))).isEmpty();
        assertThat(await(store.read(old))).hasSize(2);

        assertThat(await(store.purgeEnded(cutOff, 100))).isEqualTo(1);
        assertThat(await(store.read(old))).isEmpty();
        assertThat(await(store.purgeEnded(cutOff, 100))).isZero();

        assertThat(await(store.read(recent))).hasSize(2);
        assertThat(await(store.read(running))).hasSize(1);
        assertThat(await(store.read(reopened))).hasSize(2);
        assertThat(await(store.unfinished())).contains(running, reopened);
        // Gone entirely: nothing to reopen or claim, and the id may be used afresh.
        assertThat(await(store.reopen(oldest, "owner-b", LONG))).isEmpty();
        assertThat(await(store.claim(oldest, "owner-b", LONG, true))).isEmpty();
        assertThat(await(store.create("owner-a", LONG, List.of(started(oldest))))).isPresent();
    }

    /** A new execution whose end entry carries {@code at}. */
    private String endedAt(Instant at) {
        String id = newId();
        Lease lease = create(id, LONG);
        await(store.append(lease, List.of(new JournalEntry(id, 2, EntryType.EXECUTION_ENDED, null, 0, at, Map.of("status", "COMPLETED")))));
        return id;
    }

    @Test
    void reopeningARunningOrUnknownExecutionGivesNothing() {
        assertThat(await(store.reopen(newId(), "owner-b", LONG))).isEmpty();

        String running = newId();
        Lease lease = create(running, LONG);
        assertThat(await(store.reopen(running, "owner-b", LONG))).isEmpty();
        // Nothing changed: the lease still holds.
        await(store.append(lease, List.of(entry(running, 2, EntryType.STEP_STARTED, "a", Map.of()))));

        String parked = newId();
        Lease p = create(parked, LONG);
        await(store.append(p, List.of(entry(parked, 2, EntryType.EXECUTION_PARKED, null, Map.of("reason", "too many recoveries")))));
        assertThat(await(store.reopen(parked, "owner-b", LONG))).isEmpty();
        assertThat(await(store.unfinished())).contains(running, parked);
    }

    @Test
    void claimRecoverableHonoursTheLimitAndTakesEachExecutionOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            ids.add(id);
            await(store.release(create(id, LONG)));
        }
        List<Claim> first = await(store.claimRecoverable("owner-b", LONG, 3));
        List<Claim> second = await(store.claimRecoverable("owner-c", LONG, 10));
        assertThat(first).hasSize(3);
        List<String> all = new ArrayList<>();
        first.forEach(c -> all.add(c.lease().executionId()));
        second.forEach(c -> all.add(c.lease().executionId()));
        assertThat(all).containsAll(ids).doesNotHaveDuplicates();
    }

    @Test
    void concurrentAppendsOfManyExecutionsAllLand() {
        int executions = 50;
        int entriesEach = 20;
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int e = 0; e < executions; e++) {
            String id = newId();
            ids.add(id);
            Lease lease = create(id, LONG);
            writers.add(CompletableFuture.runAsync(() -> {
                for (int s = 2; s <= entriesEach + 1; s++) {
                    await(store.append(lease, List.of(entry(id, s, EntryType.STEP_STARTED, "s" + s, Map.of("n", s)))));
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        for (String id : ids) {
            List<JournalEntry> journal = await(store.read(id));
            assertThat(journal).hasSize(entriesEach + 1);
            assertThat(journal).extracting(JournalEntry::sequence).isSorted().doesNotHaveDuplicates();
        }
    }
}
