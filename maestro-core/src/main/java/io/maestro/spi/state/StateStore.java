package io.maestro.spi.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where executions' journals are kept, and who owns each running execution.
 *
 * <p>Implementations are thread-safe and non-blocking for the caller (a JDBC store does its I/O
 * on its own threads and may group the appends of many executions into one transaction). A stage
 * returned by a write completes only once the write is durable; the engine waits for it before
 * anything that depends on it proceeds. Appends of one execution are issued one after the other
 * in sequence order and must be applied in that order.
 *
 * <p>Lease times are measured by the store's clock (the database's), never the instance's. An
 * execution is <em>recoverable</em> when it has not ended, is not parked, and its lease expired.
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder().stateStore(JdbcStateStore.sqlite(Path.of("maestro.db"))).build();
 * }</pre>
 */
public interface StateStore extends AutoCloseable {

    /**
     * Creates an execution from its first entries (starting with
     * {@link EntryType#EXECUTION_STARTED}) and gives {@code owner} its lease at epoch 1.
     *
     * @return the lease, or empty when an execution with this id already exists (nothing written)
     */
    CompletionStage<Optional<Lease>> create(String owner, Duration leaseTtl, List<JournalEntry> first);

    /**
     * Appends entries of the lease's execution, atomically, if the lease's epoch is still current.
     * Appending {@link EntryType#EXECUTION_ENDED} or {@link EntryType#EXECUTION_PARKED} ends the
     * ownership: the execution is no longer recoverable.
     *
     * <p>Fails (through the stage) with {@link LeaseLostException} when another instance has taken
     * the execution over, and with {@link IllegalArgumentException} when a sequence number is not
     * the next one.
     */
    CompletionStage<Void> append(Lease lease, List<JournalEntry> entries);

    /** The journal of one execution in sequence order; empty if unknown. */
    CompletionStage<List<JournalEntry>> read(String executionId);

    /** Extends the lease by {@code ttl} from now; false when it is no longer current. */
    CompletionStage<Boolean> renew(Lease lease, Duration ttl);

    /**
     * Lets go of a lease without ending the execution (on shutdown), so that another instance can
     * recover it at once rather than after the lease expires.
     */
    CompletionStage<Void> release(Lease lease);

    /**
     * Takes over one execution that is recoverable — or, with {@code force}, that has not ended
     * (an operator's explicit resume, also of a parked execution): epoch + 1, recoveries + 1.
     *
     * @return empty when the execution is unknown, ended, or (without force) owned under a live
     *     lease or parked
     */
    CompletionStage<Optional<Claim>> claim(String executionId, String owner, Duration leaseTtl, boolean force);

    /**
     * Takes an execution that has ended back (epoch + 1, owned by {@code owner}), so that more
     * entries can be appended — to retry the compensations of an execution that ended
     * {@code COMPENSATION_FAILED}. The execution is running (and recoverable if this owner dies)
     * until an {@link EntryType#EXECUTION_ENDED} is appended again.
     *
     * @return empty when the execution is unknown or has not ended
     */
    CompletionStage<Optional<Lease>> reopen(String executionId, String owner, Duration leaseTtl);

    /**
     * Takes over up to {@code limit} recoverable executions, oldest first, skipping any that
     * another instance is claiming at the same moment.
     */
    CompletionStage<List<Claim>> claimRecoverable(String owner, Duration leaseTtl, int limit);

    /** Ids of executions that have not ended (running, recoverable or parked), oldest first. */
    CompletionStage<List<String>> unfinished();

    /**
     * Deletes the journals of up to {@code limit} executions that ended before
     * {@code endedBefore} (the time of their {@link EntryType#EXECUTION_ENDED} entry), oldest
     * first; afterwards {@link #read} finds nothing for them. Executions that have not ended, or
     * that were {@link #reopen reopened}, are never touched. Call it again while it returns
     * {@code limit} to purge more.
     *
     * <p>The default keeps everything and returns 0: a store that cannot purge need not.
     *
     * @return how many executions were deleted
     */
    default CompletionStage<Integer> purgeEnded(Instant endedBefore, int limit) {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    default void close() {
    }
}
