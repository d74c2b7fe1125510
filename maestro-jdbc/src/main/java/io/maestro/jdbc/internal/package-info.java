/**
 * How the JDBC stores work: writer threads that group-commit queued operations, the SQL of
 * each dialect, the journal's JSON encoding, schema migrations. Not API.
 */
package io.maestro.jdbc.internal;
