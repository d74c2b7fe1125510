package io.maestro.model;

import java.util.List;

/** Steps run one after the other; used as a branch of a {@link ParallelBlock}. */
public record Sequence(List<Step> steps) implements Step {

    public Sequence {
        steps = List.copyOf(steps);
    }
}
