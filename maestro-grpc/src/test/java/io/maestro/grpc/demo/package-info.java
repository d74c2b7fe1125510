/**
 * Demo gRPC servers for the loan example (KYC, fraud detection, loans; protos in
 * {@code src/test/proto}), with server reflection. Published in this module's test jar
 * ({@code io.maestro:maestro-grpc:<version>:tests}) for the CLI demo and the examples.
 */
package io.maestro.grpc.demo;
