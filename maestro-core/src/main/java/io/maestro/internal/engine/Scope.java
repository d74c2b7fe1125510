package io.maestro.internal.engine;

import io.maestro.MaestroException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A cancellation scope: the execution has one, each branch of a parallel block a child. When a
 * scope is cancelled, everything in flight under it is told why and nothing new starts.
 */
final class Scope {

    // Small and short-lived (one per parallel branch): plain lists under the scope's lock rather
    // than concurrent sets, which cost several objects each while an execution is in flight.
    private final Scope parent;
    private List<Scope> children; // guarded by this; null until the first child
    private List<Consumer<MaestroException>> inFlight; // guarded by this; null until the first call
    private volatile MaestroException cancelled;
    private volatile boolean failed;

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        Scope child = new Scope(this);
        synchronized (this) {
            if (children == null) {
                children = new ArrayList<>(4);
            }
            children.add(child);
        }
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
     * Whoever takes it out of the list (the cancellation or this check) tells it: exactly once.
     *
     * @return a handle that unregisters it
     */
    Runnable track(Consumer<MaestroException> canceller) {
        synchronized (this) {
            if (inFlight == null) {
                inFlight = new ArrayList<>(2);
            }
            inFlight.add(canceller);
        }
        MaestroException cause = cancelCause();
        if (cause != null && untrack(canceller)) {
            canceller.accept(cause);
        }
        return () -> untrack(canceller);
    }

    private synchronized boolean untrack(Consumer<MaestroException> canceller) {
        if (inFlight == null) {
            return false;
        }
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            if (inFlight.get(i) == canceller) {
                inFlight.remove(i);
                return true;
            }
        }
        return false;
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
        List<Consumer<MaestroException>> told;
        List<Scope> kids;
        synchronized (this) {
            if (cancelled != null) {
                return;
            }
            cancelled = cause;
            told = inFlight == null ? List.of() : new ArrayList<>(inFlight);
            if (inFlight != null) {
                inFlight.clear();
            }
            kids = children == null ? List.of() : new ArrayList<>(children);
        }
        for (Consumer<MaestroException> c : told) {
            c.accept(cause);
        }
        for (Scope child : kids) {
            child.cancel(cause);
        }
    }
}
