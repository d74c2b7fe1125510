package io.maestro.jdbc.internal;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One write the caller asked for, run inside a group transaction by one of the {@link Writers}.
 *
 * <p>{@link #apply} decides the operation's own outcome from row counts and pre-checks, never by
 * letting a statement fail, so that one refused operation (a stale epoch, a wrong sequence) does
 * not abort the transaction the others share. An {@code SQLException} from {@code apply} means
 * the transaction itself failed; the writer then retries the whole group.
 *
 * @param <T> what the caller's stage completes with
 */
public abstract class WriteOp<T> {

    private final CompletableFuture<T> result = new CompletableFuture<>();

    /** The execution this operation concerns; {@code null} when it concerns many. */
    public abstract String executionId();

    /** Called at the start of each attempt, before {@link #apply}. */
    protected void beginAttempt() {
    }

    /** Runs the operation in {@code tx}; its outcome is delivered only if the transaction commits. */
    protected abstract Outcome<T> apply(Tx tx) throws SQLException;

    /**
     * The statement through which this operation can share one batch (one round trip) with
     * others of its kind, where the dialect {@linkplain Dialect#combinesStatements() allows};
     * {@code null} when it runs through {@link #apply} only.
     */
    protected String batchSql() {
        return null;
    }

    /** Binds this operation into the batch of {@link #batchSql()}. */
    protected void addToBatch(Tx tx) throws SQLException {
        throw new UnsupportedOperationException();
    }

    /** The outcome, from the row count the batched statement reported. */
    protected Outcome<T> settle(int count, Tx tx) throws SQLException {
        throw new UnsupportedOperationException();
    }

    /**
     * The attempt's commit failed with its outcome unknown: it may have landed. Operations that
     * cannot recognise their own write from its content remember what this attempt did.
     */
    protected void commitOutcomeUnknown() {
    }


    public final CompletableFuture<T> result() {
        return result;
    }

    /** The value or failure an operation settled on within a transaction. */
    public record Outcome<T>(T value, Throwable failure) {

        public static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        public static <T> Outcome<T> failed(Throwable failure) {
            return new Outcome<>(null, failure);
        }

        boolean succeeded() {
            return failure == null;
        }
    }
}
