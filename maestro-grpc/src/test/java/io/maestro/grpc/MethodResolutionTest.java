package io.maestro.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.MaestroException;
import io.maestro.grpc.demo.DemoServer;
import io.maestro.model.ServiceBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MethodResolutionTest {

    private GrpcFixture grpc;

    @BeforeEach
    void start() {
        grpc = GrpcFixture.start();
    }

    @AfterEach
    void stop() {
        grpc.close();
    }

    @Test
    void reflectionAndDescriptorSetInvokeTheSameMethod() {
        ServiceBinding reflective = grpc.binding();
        ServiceBinding fromFile = grpc.binding(b -> b.descriptorSet(GrpcFixture.DESCRIPTOR_SET));

        Object a = grpc.call(reflective, "AnalyzeRisk", Map.of("applicant_id", "A-1-risky", "amount", 1000));
        Object b = grpc.call(fromFile, "AnalyzeRisk", Map.of("applicant_id", "A-1-risky", "amount", 1000));

        assertThat(a).isEqualTo(b).isEqualTo(Map.of("level", "high", "score", 90, "reasons", List.of("applicant flagged")));
        assertThat(grpc.recorder.calls("fraud.v1.FraudDetection/AnalyzeRisk")).hasSize(2);
    }

    @Test
    void theDescriptorSetPathNeverAsksTheServerForReflection() {
        grpc.call(grpc.binding(b -> b.descriptorSet(GrpcFixture.DESCRIPTOR_SET)), "VerifyIdentity", Map.of("applicant_id", "A-1"));

        assertThat(grpc.recorder.reflectionCalls()).isZero();
    }

    @Test
    void findsAMethodByItsShortNameAcrossTheServersServices() {
        Object r = grpc.call(grpc.binding(), "AutoApprove", Map.of("applicant_id", "A-1", "amount", 25000));

        assertThat(r).isEqualTo(Map.of("status", "approved", "loan_id", "L-1", "terms", "36 months", "interest_rate", 4.9));
    }

    @Test
    void findsAMethodByItsFullNameWithASlashADotOrALeadingSlash() {
        ServiceBinding b = grpc.binding();

        assertThat(grpc.call(b, "maestro.test.v1.AuditService/Ping", Map.of("text", "a"))).isEqualTo(Map.of("text", "a", "served_by", "AuditService"));
        assertThat(grpc.call(b, "maestro.test.v1.EchoService.Ping", Map.of("text", "b"))).isEqualTo(Map.of("text", "b", "served_by", "EchoService"));
        assertThat(grpc.call(b, "/maestro.test.v1.AuditService/Ping", Map.of("text", "c"))).isEqualTo(Map.of("text", "c", "served_by", "AuditService"));
    }

    @Test
    void looksAShortNameUpInTheBindingsServiceOnly() {
        ServiceBinding audit = grpc.binding(b -> b.service("maestro.test.v1.AuditService"));

        assertThat(grpc.call(audit, "Ping", Map.of("text", "x"))).isEqualTo(Map.of("text", "x", "served_by", "AuditService"));
        // only the binding's service was described: no list_services, one file_containing_symbol
        assertThat(grpc.recorder.reflectionCalls()).isEqualTo(1);
    }

    @Test
    void aMethodOfferedByTwoServicesIsAmbiguousAndTheErrorListsBoth() {
        MaestroException e = grpc.failure(grpc.binding(), "Ping", Map.of());

        assertThat(e.code()).isEqualTo("grpc_ambiguous_method");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("maestro.test.v1.AuditService/Ping", "maestro.test.v1.EchoService/Ping", "full name");
        assertThat(grpc.recorder.calls("maestro.test.v1.EchoService/Ping")).isEmpty();
    }

    @Test
    void anUnknownMethodIsNotFoundAndTheErrorSuggestsTheClosestAndListsTheMethods() {
        MaestroException e = grpc.failure(grpc.binding(), "VerifyIdentty", Map.of());

        assertThat(e.code()).isEqualTo("grpc_method_not_found");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage())
                .contains("did you mean kyc.v1.KycService/VerifyIdentity?")
                .contains("loan.v1.LoanService/AutoApprove", "fraud.v1.FraudDetection/AnalyzeRisk")
                .doesNotContain("ServerReflectionInfo");
    }

    @Test
    void anUnknownMethodOfTheBindingsServiceListsThatServicesMethods() {
        MaestroException e = grpc.failure(grpc.binding(b -> b.service("loan.v1.LoanService")), "Approve", Map.of());

        assertThat(e.code()).isEqualTo("grpc_method_not_found");
        assertThat(e.getMessage()).contains("loan.v1.LoanService", "has no method Approve", "AutoApprove, CancelApproval, RejectApplication");
    }

    @Test
    void anUnknownServiceIsNotFoundAndTheErrorListsTheServices() {
        MaestroException e = grpc.failure(grpc.binding(), "kyc.v1.KycServce/VerifyIdentity", Map.of());

        assertThat(e.code()).isEqualTo("grpc_method_not_found");
        assertThat(e.getMessage()).contains("no service kyc.v1.KycServce", "did you mean 'kyc.v1.KycService'", "loan.v1.LoanService");
    }

    @Test
    void anUnknownMethodInADescriptorSetIsNotFoundToo() {
        MaestroException e = grpc.failure(grpc.binding(b -> b.descriptorSet(GrpcFixture.DESCRIPTOR_SET)), "Nope", Map.of());

        assertThat(e.code()).isEqualTo("grpc_method_not_found");
        assertThat(e.getMessage()).contains("descriptor set", "kyc.v1.KycService/VerifyIdentity");
    }

    @Test
    void aStreamingMethodIsRefused() {
        MaestroException e = grpc.failure(grpc.binding(), "Watch", Map.of());

        assertThat(e.code()).isEqualTo("grpc_unsupported_method");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aStringThatIsNoMethodNameIsRefused() {
        MaestroException e = grpc.failure(grpc.binding(), "POST /verify", Map.of());

        assertThat(e.code()).isEqualTo("grpc_method_not_found");
        assertThat(e.getMessage()).contains("not a gRPC method name");
    }

    @Test
    void aServerOfferingOnlyV1alphaReflectionStillWorks() {
        try (GrpcFixture legacy = GrpcFixture.start(DemoServer.Reflection.V1ALPHA_ONLY)) {
            Object r = legacy.call(legacy.binding(), "VerifyIdentity", Map.of("applicant_id", "A-7"));

            assertThat(r).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("verified", true);
            assertThat(legacy.recorder.calls("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")).isNotEmpty();
        }
    }

    @Test
    void aServerWithoutReflectionIsAClearNonRetryableError() {
        try (GrpcFixture bare = GrpcFixture.start(DemoServer.Reflection.NONE)) {
            MaestroException e = bare.failure(bare.binding(), "VerifyIdentity", Map.of("applicant_id", "A-7"));

            assertThat(e.code()).isEqualTo("grpc_UNIMPLEMENTED");
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("does not offer server reflection", "descriptor_set");

            // the same server can still be called with a descriptor set
            Object r = bare.call(bare.binding(b -> b.descriptorSet(GrpcFixture.DESCRIPTOR_SET)), "VerifyIdentity", Map.of("applicant_id", "A-7"));
            assertThat(r).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("verified", true);
        }
    }

    @Test
    void descriptorsAreLearntOnceAndKeptForLaterCalls() {
        ServiceBinding b = grpc.binding();
        grpc.call(b, "AnalyzeRisk", Map.of("applicant_id", "A-1"));
        long learning = grpc.recorder.reflectionCalls();

        for (int i = 0; i < 5; i++) {
            grpc.call(b, "AnalyzeRisk", Map.of("applicant_id", "A-" + i));
            grpc.call(b, "VerifyIdentity", Map.of("applicant_id", "A-" + i));
        }

        assertThat(learning).isPositive();
        assertThat(grpc.recorder.reflectionCalls()).isEqualTo(learning);
    }

    @Test
    void concurrentFirstCallsShareOneLookup() {
        ServiceBinding b = grpc.binding();
        grpc.call(b, "AnalyzeRisk", Map.of("applicant_id", "A-1"));
        long oneCall = grpc.recorder.reflectionCalls();

        try (GrpcTransport fresh = GrpcTransport.create()) {
            grpc.recorder.clear();
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(fresh.call(GrpcFixture.call(b, "AnalyzeRisk", Map.of("applicant_id", "A-" + i), Duration.ofSeconds(10), 1)).toCompletableFuture());
            }
            calls.forEach(GrpcFixture::await);
        }

        assertThat(grpc.recorder.reflectionCalls()).isEqualTo(oneCall);
        assertThat(grpc.recorder.calls("fraud.v1.FraudDetection/AnalyzeRisk")).hasSize(20);
    }

    @Test
    void aMissingDescriptorSetFileIsAnInvalidBinding(@TempDir Path dir) {
        MaestroException e = grpc.failure(grpc.binding(b -> b.descriptorSet(dir.resolve("nope.pb"))), "VerifyIdentity", Map.of());

        assertThat(e.code()).isEqualTo("invalid_binding");
        assertThat(e.getMessage()).contains("nope.pb", "no such file");
    }

    @Test
    void aFileThatIsNoDescriptorSetIsAnInvalidBinding(@TempDir Path dir) throws Exception {
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pb"), "not a protobuf \u0001\u0002");
        MaestroException e = grpc.failure(grpc.binding(b -> b.descriptorSet(junk)), "VerifyIdentity", Map.of());

        assertThat(e.code()).isEqualTo("invalid_binding");
        assertThat(e.getMessage()).contains("junk.pb");
    }

    @Test
    void aDescriptorSetWithoutItsImportsIsAnInvalidBindingSayingHowToWriteIt(@TempDir Path dir) throws Exception {
        var showcase = io.maestro.grpc.testing.v1.Showcase.getDescriptor().toProto(); // imports common.proto
        Path file = dir.resolve("partial.pb");
        java.nio.file.Files.write(file, com.google.protobuf.DescriptorProtos.FileDescriptorSet.newBuilder().addFile(showcase).build().toByteArray());

        MaestroException e = grpc.failure(grpc.binding(b -> b.descriptorSet(file)), "Echo", Map.of());

        assertThat(e.code()).isEqualTo("invalid_binding");
        assertThat(e.getMessage()).contains("maestro/test/v1/common.proto", "--include_imports");
    }

    @Test
    void aDescriptorSetWrittenAtRunTimeFromGeneratedDescriptorsWorks(@TempDir Path dir) throws Exception {
        var set = com.google.protobuf.DescriptorProtos.FileDescriptorSet.newBuilder()
                .addFile(com.google.protobuf.TimestampProto.getDescriptor().toProto())
                .addFile(io.maestro.grpc.demo.kyc.v1.Kyc.getDescriptor().toProto())
                .build();
        Path file = java.nio.file.Files.write(dir.resolve("kyc.pb"), set.toByteArray());

        Object r = grpc.call(grpc.binding(b -> b.descriptorSet(file)), "VerifyIdentity", Map.of("applicant_id", "A-3"));

        assertThat(r).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("applicant_id", "A-3");
    }

    @Test
    void aMethodTheDescriptorSetHasButTheServerLacksIsUnimplemented() {
        try (DemoServer kycOnly = DemoServer.builder().service(new io.maestro.grpc.demo.KycDemoService()).start()) {
            ServiceBinding b = GrpcService.builder(kycOnly.endpoint()).plaintext().descriptorSet(GrpcFixture.DESCRIPTOR_SET).build();

            MaestroException e = grpc.failure(b, "AutoApprove", Map.of());

            assertThat(e.code()).isEqualTo("grpc_UNIMPLEMENTED");
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("loan.v1.LoanService/AutoApprove");
        }
    }

    @Test
    void aServerRedeployedWithNewServicesIsLearntAfresh() {
        int port;
        ServiceBinding b;
        try (DemoServer kycOnly = DemoServer.builder().service(new io.maestro.grpc.demo.KycDemoService()).start()) {
            port = kycOnly.port();
            b = GrpcService.builder(kycOnly.endpoint()).plaintext().build();
            grpc.call(b, "VerifyIdentity", Map.of("applicant_id", "A-1"));
            assertThat(grpc.failure(b, "AutoApprove", Map.of()).code()).isEqualTo("grpc_method_not_found");
        }
        try (DemoServer full = DemoServer.loan(port)) {
            assertThat(full.port()).isEqualTo(port);
            assertThat(grpc.call(b, "AutoApprove", Map.of("applicant_id", "A-1"))).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("status", "approved");
        }
    }
}
