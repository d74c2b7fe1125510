package io.maestro.jdbc;

import io.maestro.MaestroException;

/**
 * A {@link JdbcStateStore} could not do what it was asked, for a reason of its own rather than of
 * the caller's (for those it fails with {@link io.maestro.spi.state.LeaseLostException} or
 * {@link IllegalArgumentException}, as the SPI says). Codes:
 * <ul>
 *   <li>{@code store_unavailable} (retryable): the database stayed unreachable or busy for longer
 *       than the store retries ({@link JdbcStateStore.Builder#retryFor}). Nothing was written, or
 *       — when the connection broke during commit — it may have been; the journal's sequence
 *       numbers make either case safe to retry.</li>
 *   <li>{@code store_error}: the database refused the write (a bug, a full disk, a value it cannot
 *       hold); the other writes of the same group are unaffected.</li>
 *   <li>{@code store_closed}: the store was closed before the write was queued.</li>
 * </ul>
 */
public class JdbcStoreException extends MaestroException {

    private static final long serialVersionUID = 1L;

    public JdbcStoreException(String code, String message, boolean retryable, Throwable cause) {
        super(code, message, retryable, cause);
    }
}
