package io.maestro.model;

/**
 * One element of a workflow: a {@link CallStep}, a {@link ParallelBlock} or a {@link Sequence}.
 * Immutable and thread-safe, like every type of this package.
 */
public sealed interface Step permits CallStep, ParallelBlock, Sequence {
}
