/**
 * Durable {@link io.maestro.spi.state.StateStore}s on JDBC: {@link io.maestro.jdbc.JdbcStateStore#sqlite
 * SQLite} (one file, the embedded default) and {@link io.maestro.jdbc.JdbcStateStore#postgres
 * PostgreSQL} (several orchestrator instances sharing work under leases with fencing epochs).
 * Appends are asynchronous and group-committed; a returned stage completes once its write is
 * durable.
 */
package io.maestro.jdbc;
