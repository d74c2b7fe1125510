package io.maestro.dsl;

import io.maestro.model.ParallelBlock;
import io.maestro.model.Sequence;
import io.maestro.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds a {@link ParallelBlock}: each {@code step}, {@code sequence} or nested
 * {@code parallel} is one branch.
 *
 * <pre>{@code
 * p -> p.step("credit_check", s -> s.call("credit_bureau", "GetCreditScore"))
 *       .sequence(q -> q.step("a", s -> s.call("svc", "A")).step("b", s -> s.call("svc", "B")))
 *       .failFast(false)
 * }</pre>
 */
public final class ParallelBuilder {

    private final List<Step> branches = new ArrayList<>();
    private boolean failFast = true;

    ParallelBuilder() {
    }

    static ParallelBlock build(Consumer<ParallelBuilder> spec) {
        ParallelBuilder b = new ParallelBuilder();
        spec.accept(b);
        return new ParallelBlock(b.branches, b.failFast);
    }

    public ParallelBuilder step(String id, Consumer<StepBuilder> spec) {
        branches.add(StepBuilder.build(id, spec));
        return this;
    }

    public ParallelBuilder parallel(Consumer<ParallelBuilder> spec) {
        branches.add(build(spec));
        return this;
    }

    public ParallelBuilder sequence(Consumer<SequenceBuilder> spec) {
        SequenceBuilder b = new SequenceBuilder();
        spec.accept(b);
        branches.add(new Sequence(b.steps()));
        return this;
    }

    /** Default true: the first failed branch cancels the running ones. */
    public ParallelBuilder failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /** Builds steps run in order, one branch of a parallel block. */
    public static final class SequenceBuilder {
        private final List<Step> steps = new ArrayList<>();

        SequenceBuilder() {
        }

        public SequenceBuilder step(String id, Consumer<StepBuilder> spec) {
            steps.add(StepBuilder.build(id, spec));
            return this;
        }

        public SequenceBuilder parallel(Consumer<ParallelBuilder> spec) {
            steps.add(ParallelBuilder.build(spec));
            return this;
        }

        List<Step> steps() {
            return steps;
        }
    }
}
