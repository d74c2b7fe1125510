package io.maestro.grpc;

import io.grpc.stub.StreamObserver;
import io.maestro.grpc.testing.v1.AuditServiceGrpc;
import io.maestro.grpc.testing.v1.PingReply;
import io.maestro.grpc.testing.v1.PingRequest;

/** {@code maestro.test.v1.AuditService}: a second service with a {@code Ping} method. */
public final class AuditTestService extends AuditServiceGrpc.AuditServiceImplBase {

    @Override
    public void ping(PingRequest request, StreamObserver<PingReply> response) {
        response.onNext(PingReply.newBuilder().setText(request.getText()).setServedBy("AuditService").build());
        response.onCompleted();
    }
}
