/**
 * The gRPC transport's workings: channels, schemas learnt by reflection or from descriptor
 * sets, method lookup, the JSON-like ⟷ {@code DynamicMessage} mapping, status mapping. Not API:
 * it may change in any release.
 */
package io.maestro.grpc.internal;
