package io.maestro.grpc.internal;

import java.util.Set;

/** The well-known types whose JSON form is not an object of their fields. */
final class WellKnown {

    static final Set<String> WRAPPERS = Set.of(
            "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
            "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
            "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue");

    private static final Set<String> OTHERS = Set.of(
            "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask",
            "google.protobuf.Struct", "google.protobuf.ListValue", "google.protobuf.Value", "google.protobuf.Any");

    private WellKnown() {
    }

    static boolean isWellKnown(String fullName) {
        return fullName.startsWith("google.protobuf.") && (OTHERS.contains(fullName) || WRAPPERS.contains(fullName));
    }
}
