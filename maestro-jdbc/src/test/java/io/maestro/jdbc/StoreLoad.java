package io.maestro.jdbc;

import static io.maestro.jdbc.Entries.await;
import static io.maestro.jdbc.Entries.newId;
import static io.maestro.jdbc.Entries.one;
import static io.maestro.jdbc.Entries.started;
import static io.maestro.jdbc.Entries.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.spi.state.JournalEntry;
import io.maestro.spi.state.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.LongStream;

/** Concurrent executions appending one entry at a time, each waiting for the previous, as the engine does. */
final class StoreLoad {

    private StoreLoad() {
    }

    /** Creates {@code executions} executions; returns their leases. */
    static List<Lease> create(JdbcStateStore store, int executions) {
        List<CompletableFuture<Lease>> created = new ArrayList<>();
        for (int i = 0; i < executions; i++) {
            String id = newId();
            created.add(store.create("a", Duration.ofMinutes(5), one(started(id)))
                    .thenApply(l -> l.orElseThrow()).toCompletableFuture());
        }
        return created.stream().map(CompletableFuture::join).toList();
    }

    /** Appends entries 2..appendsEach+1 to every execution, all executions at once; completes when all did. */
    static CompletableFuture<Void> appendConcurrently(JdbcStateStore store, List<Lease> leases, int appendsEach) {
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (Lease lease : leases) {
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (long seq = 2; seq <= appendsEach + 1; seq++) {
                long n = seq;
                chain = chain.thenCompose(v -> store.append(lease, one(step(lease.executionId(), n, "a"))));
            }
            chains.add(chain.toCompletableFuture());
        }
        return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new));
    }

    /** Issues {@code count} appends to one execution without waiting between them; asserts they land in call order. */
    static void assertPipelinedAppendsLandInOrder(JdbcStateStore store, int count) {
        Lease lease = create(store, 1).get(0);
        String id = lease.executionId();
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (long seq = 2; seq <= count + 1; seq++) {
            appends.add(store.append(lease, one(step(id, seq, "a"))).toCompletableFuture());
        }
        await(CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)));
        assertThat(await(store.read(id))).extracting(JournalEntry::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, count + 1).boxed().toList());
    }

    /** Asserts that under concurrent load one commit carries several executions' appends. */
    static void assertGroupsCommits(JdbcStateStore store, int executions, int appendsEach) {
        List<Lease> leases = create(store, executions);
        JdbcStoreStats before = store.stats();
        await(appendConcurrently(store, leases, appendsEach));
        JdbcStoreStats after = store.stats();

        long appends = (long) executions * appendsEach;
        long transactions = after.transactions() - before.transactions();
        assertThat(after.operations() - before.operations()).isEqualTo(appends);
        assertThat(after.journalEntries() - before.journalEntries()).isEqualTo(appends);
        assertThat(transactions).as("commits for %d appends", appends).isLessThan(appends / 4);
        assertThat(after.largestGroup()).isGreaterThanOrEqualTo(8);
        for (Lease lease : leases) {
            assertThat(await(store.read(lease.executionId()))).extracting(JournalEntry::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, appendsEach + 1).boxed().toList());
        }
    }
}
