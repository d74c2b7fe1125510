package io.maestro.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on files named on the command line. */
public final class Files2 {

    private Files2() {
    }

    /** Throws a usage error naming the file when it cannot be read. */
    public static void requireReadable(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new UsageError(what + " file not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new UsageError(what + " file is not readable: " + file);
        }
    }
}
