package io.maestro.grpc.demo;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.maestro.grpc.demo.kyc.v1.KycServiceGrpc;
import io.maestro.grpc.demo.kyc.v1.VerifyIdentityRequest;
import io.maestro.grpc.demo.kyc.v1.VerifyIdentityResponse;

/** {@code kyc.v1.KycService}: verifies every applicant with an id; an empty id is INVALID_ARGUMENT. */
public final class KycDemoService extends KycServiceGrpc.KycServiceImplBase {

    @Override
    public void verifyIdentity(VerifyIdentityRequest request, StreamObserver<VerifyIdentityResponse> response) {
        if (request.getApplicantId().isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("applicant_id is required").asRuntimeException());
            return;
        }
        response.onNext(VerifyIdentityResponse.newBuilder()
                .setVerified(true)
                .setApplicantId(request.getApplicantId())
                .setVerifiedAt(Timestamps.fromMillis(System.currentTimeMillis()))
                .build());
        response.onCompleted();
    }
}
