/**
 * What implementers plug into Maestro: transports ({@link io.maestro.spi.transport}) and state
 * stores ({@link io.maestro.spi.state}). Implementations depend on this package and the public
 * API only, never on {@code io.maestro.internal}.
 */
package io.maestro.spi;
