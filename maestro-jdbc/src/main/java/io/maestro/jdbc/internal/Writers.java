package io.maestro.jdbc.internal;

import io.maestro.jdbc.JdbcStoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer threads of a store and their shared queue. A free writer takes whatever has queued
 * up (up to {@code maxGroup} operations, waiting up to {@code linger} for more when there are
 * fewer) and commits it as one group: under load, many executions' appends share one commit;
 * when idle, an append is committed at once. Several writers (PostgreSQL) overlap their commits.
 *
 * <p>One execution's operations are applied in call order: while a writer holds operations of an
 * execution, the others leave that execution's later operations in the queue until it is done.
 */
public final class Writers {

    private final ArrayDeque<WriteOp<?>> queue = new ArrayDeque<>();
    /** Executions with operations in a writer's hands, and which writer. */
    private final Map<String, Thread> inFlight = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final GroupCommit commit;
    private final int maxGroup;
    private final long lingerNanos;
    private final List<Thread> threads = new ArrayList<>();
    private boolean closing;

    public Writers(String name, int count, GroupCommit commit, int maxGroup, long lingerNanos) {
        this.commit = commit;
        this.maxGroup = maxGroup;
        this.lingerNanos = lingerNanos;
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::loop, name + "-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Queues {@code op}; fails it at once if the store is closing. */
    public <T> WriteOp<T> submit(WriteOp<T> op) {
        lock.lock();
        try {
            if (!closing) {
                queue.add(op);
                changed.signal();
                return op;
            }
        } finally {
            lock.unlock();
        }
        op.result().completeExceptionally(new JdbcStoreException("store_closed", "the state store is closed", false, null));
        return op;
    }

    private void loop() {
        while (true) {
            List<WriteOp<?>> group = take();
            if (group == null) {
                return;
            }
            if (group.isEmpty()) {
                continue;
            }
            try {
                commit.run(group);
            } catch (RuntimeException | Error e) {
                // GroupCommit settles every operation itself; this is a last resort, so no caller waits forever.
                for (WriteOp<?> op : group) {
                    op.result().completeExceptionally(e);
                }
            } finally {
                done(group);
            }
        }
    }

    /** The next group, or null when closing and nothing is left. */
    private List<WriteOp<?>> take() {
        List<WriteOp<?>> group = new ArrayList<>();
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            while (true) {
                drainEligible(group, me);
                if (!group.isEmpty()) {
                    break;
                }
                if (closing && queue.isEmpty()) {
                    return null;
                }
                changed.await(100, TimeUnit.MILLISECONDS);
            }
            if (lingerNanos > 0) {
                long left = lingerNanos;
                while (group.size() < maxGroup && left > 0) {
                    left = changed.awaitNanos(left);
                    drainEligible(group, me);
                }
            }
            return group;
        } catch (InterruptedException e) {
            // Closing for good: hand back what was taken, if anything.
            return group.isEmpty() ? (closing ? null : List.of()) : group;
        } finally {
            lock.unlock();
        }
    }

    /** Moves queued operations whose execution no other writer holds into {@code group}, in queue order. */
    private void drainEligible(List<WriteOp<?>> group, Thread me) {
        if (queue.isEmpty()) {
            return;
        }
        Set<String> skipped = null;
        for (Iterator<WriteOp<?>> it = queue.iterator(); it.hasNext() && group.size() < maxGroup; ) {
            WriteOp<?> op = it.next();
            String id = op.executionId();
            if (id != null) {
                Thread holder = inFlight.get(id);
                if ((holder != null && holder != me) || (skipped != null && skipped.contains(id))) {
                    // Later operations of a skipped execution must not overtake it.
                    if (skipped == null) {
                        skipped = new HashSet<>();
                    }
                    skipped.add(id);
                    continue;
                }
                inFlight.put(id, me);
            }
            it.remove();
            group.add(op);
        }
    }

    private void done(List<WriteOp<?>> group) {
        lock.lock();
        try {
            Thread me = Thread.currentThread();
            for (WriteOp<?> op : group) {
                if (op.executionId() != null) {
                    inFlight.remove(op.executionId(), me);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking operations, lets the queued ones commit, and waits up to {@code timeout} for that. */
    public boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Interrupts writers that did not finish in time (their retries stop at the next check). */
    public void abort() {
        threads.forEach(Thread::interrupt);
    }

    /** Fails whatever is still queued after the writers stopped. */
    public void failQueued(Throwable failure) {
        lock.lock();
        try {
            for (WriteOp<?> op : queue) {
                op.result().completeExceptionally(failure);
            }
            queue.clear();
        } finally {
            lock.unlock();
        }
    }
}
