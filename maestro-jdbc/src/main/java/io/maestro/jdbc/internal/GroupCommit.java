package io.maestro.jdbc.internal;

import io.maestro.jdbc.JdbcStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a group of write operations as one transaction, and sees each of them to an outcome.
 *
 * <ul>
 *   <li>Each operation settles its own outcome from row counts, so a refused one does not stop
 *       the others from committing.</li>
 *   <li>A transient failure (connection terminated, database busy, deadlock) rolls the group back
 *       and runs it again on a fresh connection, with backoff, for up to {@code retryFor}. If the
 *       failure came at commit, the commit may have landed; the next attempts run in replay mode,
 *       in which each operation recognises its own earlier write instead of doing it twice.</li>
 *   <li>Any other failure is one operation's problem (or a bug): the operations are then run one
 *       transaction each, so that only the culprit fails.</li>
 * </ul>
 *
 * Outcomes are delivered on {@code callbacks}, never on the writer thread: whatever the caller
 * chains on a stage must not hold up the next group.
 */
public final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    // Stable: one execution's operations keep their order. Locking rows in id order keeps two
    // instances' groups (a zombie's and its successor's) from deadlocking on PostgreSQL.
    private static final Comparator<WriteOp<?>> BY_EXECUTION =
            Comparator.comparing(op -> op.executionId() == null ? "" : op.executionId());

    private final ConnectionSource connections;
    private final Dialect dialect;
    private final Executor callbacks;
    private final StoreCounters counters;
    private final long retryForNanos;
    private final BooleanSupplier abandon;

    /** @param abandon true once retrying should stop early (the store is closing for good) */
    public GroupCommit(ConnectionSource connections, Dialect dialect, Executor callbacks, StoreCounters counters,
                       long retryForNanos, BooleanSupplier abandon) {
        this.connections = connections;
        this.dialect = dialect;
        this.callbacks = callbacks;
        this.counters = counters;
        this.retryForNanos = retryForNanos;
        this.abandon = abandon;
    }

    public void run(List<WriteOp<?>> group) {
        List<WriteOp<?>> ordered = new ArrayList<>(group);
        ordered.sort(BY_EXECUTION);
        run(ordered, false);
    }

    private void run(List<WriteOp<?>> ops, boolean replayFromStart) {
        boolean replay = replayFromStart;
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            Connection c = null;
            boolean committing = false;
            boolean broken = false;
            try {
                c = connections.writer();
                dialect.begin(c);
                WriteOp.Outcome<?>[] outcomes;
                int rows;
                try (Tx tx = new Tx(c, dialect, replay)) {
                    outcomes = apply(tx, ops);
                    tx.flushJournal();
                    rows = tx.journalRows();
                }
                committing = true;
                dialect.commit(c);
                counters.committed(ops.size(), rows);
                for (int i = 0; i < ops.size(); i++) {
                    deliver(ops.get(i), outcomes[i]);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                SQLException sql = e instanceof SQLException s ? s : null;
                broken = sql != null && dialect.isBroken(sql);
                rollbackQuietly(c);
                if (committing) {
                    // It may have landed: from now on every attempt must recognise its own writes.
                    replay = true;
                    ops.forEach(WriteOp::commitOutcomeUnknown);
                }
                if (sql != null && (dialect.isTransient(sql) || broken)) {
                    long elapsed = System.nanoTime() - start;
                    if (elapsed < retryForNanos && !abandon.getAsBoolean()) {
                        counters.retries.increment();
                        log.debug("{} write transaction failed ({}); retrying on a fresh connection", dialect.name(), e.toString());
                        connections.release(c, broken);
                        c = null;
                        backoff(attempt);
                        continue;
                    }
                    failAll(ops, new JdbcStoreException("store_unavailable", dialect.name() + " stayed unavailable for "
                            + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms: " + e.getMessage(), true, e));
                    return;
                }
                if (ops.size() > 1) {
                    log.debug("{} write transaction failed ({}); running its operations one by one", dialect.name(), e.toString());
                    connections.release(c, broken);
                    c = null;
                    for (WriteOp<?> op : ops) {
                        run(List.of(op), replay);
                    }
                    return;
                }
                log.warn("{} refused a write: {}", dialect.name(), e.toString());
                failAll(ops, new JdbcStoreException("store_error", dialect.name() + " refused the write: " + e.getMessage(), false, e));
                return;
            } finally {
                if (c != null) {
                    connections.release(c, broken);
                }
            }
        }
    }

    /**
     * Applies the operations in order. Where the dialect combines statements, operations of one
     * kind are sent in batches: the operations are split into rounds, the k-th round holding each execution's
     * k-th operation, so that within a round order does not matter and one execution's
     * operations still run in call order across rounds.
     */
    private WriteOp.Outcome<?>[] apply(Tx tx, List<WriteOp<?>> ops) throws SQLException {
        WriteOp.Outcome<?>[] outcomes = new WriteOp.Outcome<?>[ops.size()];
        for (WriteOp<?> op : ops) {
            op.beginAttempt();
        }
        if (!dialect.combinesStatements() || tx.replay()) {
            for (int i = 0; i < ops.size(); i++) {
                outcomes[i] = ops.get(i).apply(tx);
            }
            return outcomes;
        }
        List<List<Integer>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            String id = ops.get(i).executionId();
            int round = seen.merge(id == null ? "" : id, 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        for (List<Integer> round : rounds) {
            Map<String, List<Integer>> batches = new LinkedHashMap<>();
            for (int i : round) {
                String sql = ops.get(i).batchSql();
                if (sql != null) {
                    ops.get(i).addToBatch(tx);
                    batches.computeIfAbsent(sql, k -> new ArrayList<>()).add(i);
                } else {
                    outcomes[i] = ops.get(i).apply(tx);
                }
            }
            for (Map.Entry<String, List<Integer>> batch : batches.entrySet()) {
                int[] counts = tx.executeBatch(batch.getKey());
                List<Integer> members = batch.getValue();
                for (int k = 0; k < members.size(); k++) {
                    int i = members.get(k);
                    outcomes[i] = ops.get(i).settle(counts[k], tx);
                }
            }
        }
        return outcomes;
    }

    private void rollbackQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            dialect.rollback(c);
        } catch (SQLException | RuntimeException ignored) {
            // The connection is broken or the transaction is gone; either way nothing is pending.
        }
    }

    private static void backoff(int attempt) {
        long max = Math.min(1_000, 5L << Math.min(attempt, 10));
        long millis = max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(WriteOp<?> op, WriteOp.Outcome<?> outcome) {
        WriteOp<Object> o = (WriteOp<Object>) op;
        Object value = outcome.value();
        Throwable failure = outcome.failure();
        complete(() -> {
            if (failure == null) {
                o.result().complete(value);
            } else {
                o.result().completeExceptionally(failure);
            }
        });
    }

    private void complete(Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    private void failAll(List<WriteOp<?>> ops, Throwable failure) {
        for (WriteOp<?> op : ops) {
            complete(() -> op.result().completeExceptionally(failure));
        }
    }
}
