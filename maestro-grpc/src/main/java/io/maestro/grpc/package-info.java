/**
 * The dynamic gRPC transport: {@link io.maestro.grpc.GrpcService} builds {@code type: grpc}
 * service bindings and {@link io.maestro.grpc.GrpcTransport} calls their methods with no
 * generated stubs, describing them by server reflection or a descriptor set, so the servers may
 * be written in any language. Having this module on the class path is enough for workflows with
 * {@code grpc} bindings to run: the transport is found with {@link java.util.ServiceLoader}.
 */
package io.maestro.grpc;
