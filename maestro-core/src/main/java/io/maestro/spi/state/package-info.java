/**
 * The state-store SPI: each execution's history is an append-only journal of
 * {@link io.maestro.spi.state.JournalEntry}s. The in-memory store lives in core; durable stores
 * (SQLite, PostgreSQL) in {@code maestro-jdbc}.
 */
package io.maestro.spi.state;
