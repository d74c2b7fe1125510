/** The JDBC state stores' journal write rate against the database's raw commit rate. */
package io.maestro.bench.jdbc;
