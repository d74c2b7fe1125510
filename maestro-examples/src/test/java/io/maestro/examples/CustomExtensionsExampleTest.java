package io.maestro.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.ExecutionResult;
import io.maestro.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomExtensionsExampleTest {

    @Test
    void aCustomTransportAndACustomStoreServeADslWorkflow() {
        CustomExtensionsExample.AuditedStateStore store = new CustomExtensionsExample.AuditedStateStore();
        ExecutionResult r = CustomExtensionsExample.run("maestro", store);

        assertThat(r.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(r.output()).isEqualTo(Map.of("result", "ORTSEAM", "length", 7));
        assertThat(store.audit()).first().asString().isEqualTo("1 EXECUTION_STARTED");
        assertThat(store.audit()).last().asString().endsWith("EXECUTION_ENDED");
        assertThat(store.audit()).contains("2 STEP_STARTED upper", "3 STEP_COMPLETED upper");
    }
}
