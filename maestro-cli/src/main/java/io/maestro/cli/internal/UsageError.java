package io.maestro.cli.internal;

/** Bad input found while running a command (missing file, unreadable JSON, unknown store): one line, exit 2. */
public final class UsageError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
