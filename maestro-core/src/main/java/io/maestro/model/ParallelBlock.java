package io.maestro.model;

import java.util.List;

/**
 * Branches that run concurrently; the block ends when every branch has ended. A branch is a
 * {@link CallStep}, a nested {@code ParallelBlock} or a {@link Sequence}. With
 * {@code failFast} (the default) the first failed branch cancels the running ones.
 */
public record ParallelBlock(List<Step> branches, boolean failFast) implements Step {

    public ParallelBlock {
        branches = List.copyOf(branches);
    }
}
