package io.maestro.internal.engine;

import io.maestro.event.ExecutionEvent;
import io.maestro.event.ExecutionListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Delivers events to listeners and logs them, with the execution id in the MDC. */
final class Events {

    private static final Logger log = LoggerFactory.getLogger("io.maestro.engine");

    private final List<ExecutionListener> listeners;

    Events(List<ExecutionListener> listeners) {
        this.listeners = listeners;
    }

    /** Whether anyone would see an event (a listener, or debug logging): lets callers skip building one. */
    boolean enabled() {
        return !listeners.isEmpty() || log.isDebugEnabled();
    }

    void emit(ExecutionEvent event) {
        if (log.isDebugEnabled() || event instanceof ExecutionEvent.StepFailed || event instanceof ExecutionEvent.CompensationFailed) {
            String previous = MDC.get("maestro.execution");
            MDC.put("maestro.execution", event.executionId() == null ? "-" : event.executionId());
            try {
                if (event instanceof ExecutionEvent.StepFailed || event instanceof ExecutionEvent.CompensationFailed) {
                    log.info("{}", event);
                } else {
                    log.debug("{}", event);
                }
            } finally {
                if (previous == null) {
                    MDC.remove("maestro.execution");
                } else {
                    MDC.put("maestro.execution", previous);
                }
            }
        }
        for (ExecutionListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("execution listener {} threw; ignored", l, e);
            }
        }
    }
}
