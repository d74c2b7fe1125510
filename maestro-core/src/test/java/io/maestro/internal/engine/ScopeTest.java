package io.maestro.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.MaestroException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static final MaestroException WHY = new MaestroException("cancelled", "test", false);

    @Test
    void cancellingTellsEverythingInFlightUnderItAndItsChildrenOnce() {
        Scope root = new Scope(null);
        Scope branch = root.child();
        List<String> told = new ArrayList<>();
        root.track(e -> told.add("root"));
        branch.track(e -> told.add("branch"));
        Runnable gone = branch.track(e -> told.add("untracked"));
        gone.run();

        root.cancel(WHY);
        root.cancel(WHY);

        assertThat(told).containsExactlyInAnyOrder("root", "branch");
        assertThat(branch.cancelCause()).isSameAs(WHY);
    }

    @Test
    void whatStartsUnderACancelledScopeIsToldAtOnce() {
        Scope root = new Scope(null);
        root.cancel(WHY);
        AtomicReference<MaestroException> told = new AtomicReference<>();

        root.child().track(told::set);

        assertThat(told.get()).isSameAs(WHY);
    }

    @Test
    void aCancellationRacingNewCallsTellsEachExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Scope root = new Scope(null);
            Scope branch = root.child();
            AtomicInteger told = new AtomicInteger();
            int calls = 50;
            CountDownLatch go = new CountDownLatch(1);
            Thread tracker = new Thread(() -> {
                await(go);
                for (int i = 0; i < calls; i++) {
                    branch.track(e -> told.incrementAndGet());
                }
            });
            tracker.start();
            go.countDown();
            root.cancel(WHY);
            tracker.join();

            assertThat(told.get()).as("round %d", round).isEqualTo(calls);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
