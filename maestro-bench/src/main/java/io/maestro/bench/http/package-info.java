/**
 * Load test of the HTTP transport under many concurrent executions, against a hand-written
 * {@code CompletableFuture.allOf} baseline over the same kind of {@code HttpClient}: run
 * {@link io.maestro.bench.http.HttpFanOutLoad}.
 */
package io.maestro.bench.http;
