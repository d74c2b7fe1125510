package io.maestro.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.MaestroException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MethodNameTest {

    @ParameterizedTest
    @CsvSource({
            "VerifyIdentity, , VerifyIdentity",
            "kyc.v1.KycService/VerifyIdentity, kyc.v1.KycService, VerifyIdentity",
            "/kyc.v1.KycService/VerifyIdentity, kyc.v1.KycService, VerifyIdentity",
            "kyc.v1.KycService.VerifyIdentity, kyc.v1.KycService, VerifyIdentity",
            "Kyc/Verify, Kyc, Verify",
            "' Verify ', , Verify"})
    void readsShortAndFullNames(String text, String service, String method) {
        assertThat(MethodName.parse(text)).isEqualTo(new MethodName(service, method));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "POST /verify", "kyc.v1.KycService/", "a//b", "1abc", "kyc v1.Kyc/Verify"})
    void refusesWhatNamesNoMethod(String text) {
        assertThatThrownBy(() -> MethodName.parse(text))
                .isInstanceOf(MaestroException.class)
                .hasMessageContaining("not a gRPC method name")
                .extracting(e -> ((MaestroException) e).code()).isEqualTo("grpc_method_not_found");
    }
}
