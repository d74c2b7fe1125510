package io.maestro.jdbc.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What a store has done since it opened; read by {@code JdbcStateStore.stats()}. */
public final class StoreCounters {

    final LongAdder transactions = new LongAdder();
    final LongAdder operations = new LongAdder();
    final LongAdder journalRows = new LongAdder();
    final LongAdder retries = new LongAdder();
    final AtomicLong largestGroup = new AtomicLong();

    public long transactions() {
        return transactions.sum();
    }

    public long operations() {
        return operations.sum();
    }

    public long journalRows() {
        return journalRows.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long largestGroup() {
        return largestGroup.get();
    }

    void committed(int ops, int rows) {
        transactions.increment();
        operations.add(ops);
        journalRows.add(rows);
        largestGroup.accumulateAndGet(ops, Math::max);
    }
}
