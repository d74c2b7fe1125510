package io.maestro.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving each test a fresh {@link StubServices}, closed after the test.
 *
 * <pre>{@code
 * @ExtendWith(MaestroExtension.class)
 * class LoanTest {
 *     @Test
 *     void approves(StubServices services) {
 *         services.stub("credit_bureau", "GetCreditScore").returns(Map.of("value", 750));
 *         try (Orchestrator o = services.orchestrator()) { ... }
 *     }
 * }
 * }</pre>
 */
public final class MaestroExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MaestroExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StubServices.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("stubs", k -> new StubServices(), StubServices.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        StubServices stubs = context.getStore(NAMESPACE).remove("stubs", StubServices.class);
        if (stubs != null) {
            stubs.close();
        }
    }
}
