package io.maestro.spi.state;

/**
 * A takeover of an execution whose lease had expired.
 *
 * @param recoveries how many times the execution has been taken over, this one included; an
 *     execution that keeps crashing its process is parked once this passes a limit
 */
public record Claim(Lease lease, int recoveries) {
}
