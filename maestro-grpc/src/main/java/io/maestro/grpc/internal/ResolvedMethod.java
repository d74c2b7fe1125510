package io.maestro.grpc.internal;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * A unary method found in a schema, ready to call: its protobuf descriptor and the gRPC method
 * whose marshallers read and write {@link DynamicMessage}s of its input and output types.
 */
record ResolvedMethod(Descriptors.MethodDescriptor descriptor, MethodDescriptor<DynamicMessage, DynamicMessage> rpc) {

    static ResolvedMethod of(Descriptors.MethodDescriptor method) {
        MethodDescriptor<DynamicMessage, DynamicMessage> rpc = MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                .build();
        return new ResolvedMethod(method, rpc);
    }

    /** {@code package.Service/Method}. */
    public String fullName() {
        return rpc.getFullMethodName();
    }
}
