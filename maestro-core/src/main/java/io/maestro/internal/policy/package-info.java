/** Adapters from Maestro's resilience values (RetrySpec, CircuitBreakerSpec) to Failsafe. */
package io.maestro.internal.policy;
