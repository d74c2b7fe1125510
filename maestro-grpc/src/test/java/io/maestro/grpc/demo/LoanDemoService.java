package io.maestro.grpc.demo;

import io.grpc.stub.StreamObserver;
import io.maestro.grpc.demo.loan.v1.AutoApproveRequest;
import io.maestro.grpc.demo.loan.v1.AutoApproveResponse;
import io.maestro.grpc.demo.loan.v1.CancelApprovalRequest;
import io.maestro.grpc.demo.loan.v1.CancelApprovalResponse;
import io.maestro.grpc.demo.loan.v1.LoanServiceGrpc;
import io.maestro.grpc.demo.loan.v1.RejectApplicationRequest;
import io.maestro.grpc.demo.loan.v1.RejectApplicationResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code loan.v1.LoanService}: approves with loan ids {@code L-1}, {@code L-2}… (36 months at
 * 4.9%), cancels and rejects; remembers the loans it cancelled.
 */
public final class LoanDemoService extends LoanServiceGrpc.LoanServiceImplBase {

    private final AtomicInteger loans = new AtomicInteger();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();

    @Override
    public void autoApprove(AutoApproveRequest request, StreamObserver<AutoApproveResponse> response) {
        response.onNext(AutoApproveResponse.newBuilder()
                .setStatus("approved")
                .setLoanId("L-" + loans.incrementAndGet())
                .setTerms("36 months")
                .setInterestRate(4.9)
                .build());
        response.onCompleted();
    }

    @Override
    public void cancelApproval(CancelApprovalRequest request, StreamObserver<CancelApprovalResponse> response) {
        cancelled.add(request.getLoanId());
        response.onNext(CancelApprovalResponse.newBuilder().setCancelled(true).setLoanId(request.getLoanId()).build());
        response.onCompleted();
    }

    @Override
    public void rejectApplication(RejectApplicationRequest request, StreamObserver<RejectApplicationResponse> response) {
        response.onNext(RejectApplicationResponse.newBuilder().setStatus("rejected").setReason("credit score too low").build());
        response.onCompleted();
    }

    /** The loan ids whose approval was cancelled, in order. */
    public List<String> cancelled() {
        return List.copyOf(cancelled);
    }
}
