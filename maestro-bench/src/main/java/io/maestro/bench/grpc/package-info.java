/**
 * The gRPC transport's dynamic invocation (reflection, {@code DynamicMessage}, JSON-like
 * mapping) against generated stubs making the same unary call: run
 * {@link io.maestro.bench.grpc.DynamicGrpcCallBenchmark}.
 */
package io.maestro.bench.grpc;
