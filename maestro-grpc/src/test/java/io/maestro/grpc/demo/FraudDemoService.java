package io.maestro.grpc.demo;

import io.grpc.stub.StreamObserver;
import io.maestro.grpc.demo.fraud.v1.AnalyzeRiskRequest;
import io.maestro.grpc.demo.fraud.v1.AnalyzeRiskResponse;
import io.maestro.grpc.demo.fraud.v1.FraudDetectionGrpc;

/**
 * {@code fraud.v1.FraudDetection}: risk {@code high} for an applicant id containing
 * {@code risky}, {@code medium} for amounts over 100,000, otherwise {@code low}.
 */
public final class FraudDemoService extends FraudDetectionGrpc.FraudDetectionImplBase {

    @Override
    public void analyzeRisk(AnalyzeRiskRequest request, StreamObserver<AnalyzeRiskResponse> response) {
        AnalyzeRiskResponse.Builder r = AnalyzeRiskResponse.newBuilder();
        if (request.getApplicantId().contains("risky")) {
            r.setLevel("high").setScore(90).addReasons("applicant flagged");
        } else if (request.getAmount() > 100_000) {
            r.setLevel("medium").setScore(50).addReasons("large amount");
        } else {
            r.setLevel("low").setScore(5);
        }
        response.onNext(r.build());
        response.onCompleted();
    }
}
