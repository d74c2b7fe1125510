package io.maestro.cli.internal;

/** The CLI's log level: progress lines say what matters, logs only warnings unless --debug. */
public final class Logging {

    private Logging() {
    }

    public static void configure(boolean debug) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
