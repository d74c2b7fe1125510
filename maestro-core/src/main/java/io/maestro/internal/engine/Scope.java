package io.maestro.internal.engine;

import io.maestro.MaestroException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A cancellation scope: the execution has one, each branch of a parallel block a child. When a
 * scope is cancelled, everything in flight under it is told why and nothing new starts.
 */
final class Scope {

    private final Scope parent;
    private final Set<Scope> children = ConcurrentHashMap.newKeySet();
    private final Set<Consumer<MaestroException>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile MaestroException cancelled;
    private volatile boolean failed;

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        Scope child = new Scope(this);
        children.add(child);
        MaestroException cause = cancelCause();
        if (cause != null) {
            child.cancel(cause);
        }
        return child;
    }

    /** Why this scope (or an enclosing one) was cancelled, or null. */
    MaestroException cancelCause() {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.cancelled != null) {
                return s.cancelled;
            }
        }
        return null;
    }

    /**
     * Registers something in flight; it is told at once if the scope is already cancelled.
     *
     * @return a handle that unregisters it
     */
    Runnable track(Consumer<MaestroException> canceller) {
        inFlight.add(canceller);
        MaestroException cause = cancelCause();
        if (cause != null && inFlight.remove(canceller)) {
            canceller.accept(cause);
        }
        return () -> inFlight.remove(canceller);
    }

    /** A step under this scope failed: the rest of this scope's sequence must not run. */
    void markFailed() {
        for (Scope s = this; s != null; s = s.parent) {
            s.failed = true;
        }
    }

    /** Whether a step under this scope failed. */
    boolean hasFailed() {
        return failed;
    }

    void cancel(MaestroException cause) {
        if (cancelled != null) {
            return;
        }
        cancelled = cause;
        for (Consumer<MaestroException> c : inFlight) {
            if (inFlight.remove(c)) {
                c.accept(cause);
            }
        }
        for (Scope child : children) {
            child.cancel(cause);
        }
    }
}
