package io.maestro.yaml.internal;

/** Stops reading a document after a problem that makes reading on pointless (already reported). */
final class Refused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Refused() {
        super(null, null, false, false);
    }
}
