package io.maestro.jdbc;

/**
 * What a {@link JdbcStateStore} has written since it opened.
 *
 * @param transactions write transactions committed (each one commit, one fsync)
 * @param operations write operations committed in them (creates, appends, renewals, claims…)
 * @param journalEntries journal rows inserted
 * @param retries write transactions run again after a transient failure
 * @param largestGroup the most operations one transaction carried
 */
public record JdbcStoreStats(long transactions, long operations, long journalEntries, long retries, long largestGroup) {

    /** Operations per commit: above 1 when group commit is grouping. */
    public double operationsPerTransaction() {
        return transactions == 0 ? 0 : (double) operations / transactions;
    }
}
