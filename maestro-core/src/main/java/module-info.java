/**
 * Maestro's engine and public API: {@code io.maestro} and its value, DSL, event and expression
 * packages for users, {@code io.maestro.spi.*} for transports and state stores. Everything under
 * {@code io.maestro.internal} stays inside the module; MVEL alone may reach the expression
 * built-ins, which it calls reflectively.
 */
module io.maestro.core {
    requires dev.failsafe.core;
    requires mvel2;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    exports io.maestro;
    exports io.maestro.dsl;
    exports io.maestro.event;
    exports io.maestro.expression;
    exports io.maestro.model;
    exports io.maestro.spi.state;
    exports io.maestro.spi.transport;

    opens io.maestro.internal.expression to mvel2;

    uses io.maestro.spi.transport.TransportProvider;
    uses io.maestro.spi.state.StateStoreProvider;
}
