/**
 * The transport SPI: how a call of a service method reaches the service. A {@link
 * io.maestro.spi.transport.Transport} serves one or more binding types ({@code http},
 * {@code grpc}, {@code local}…); {@link io.maestro.spi.transport.TransportProvider}s are found
 * with {@link java.util.ServiceLoader}.
 */
package io.maestro.spi.transport;
