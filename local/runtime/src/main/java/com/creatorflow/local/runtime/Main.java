package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the run command. Chooses the local logging configuration before any logger exists (runtime
 * messages on the console, functions' structured JSON logs in {@code <data>/logs}, or a temp folder when in
 * memory), then starts the runtime.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            RuntimeOptions options = RuntimeOptions.parse(args, ProjectPaths.root());
            if (options == null) {
                return;
            }
            configureLogging(options);
            if (System.getProperty("http.maxConnections") == null) {
                System.setProperty("http.maxConnections", "200");
            }
            LocalRuntime.run(options);
        } catch (RuntimeException e) {
            System.err.println("CreatorFlow local runtime failed to start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Selects {@code log4j2-local.xml} and its log folder, unless the JVM was given others; returns the folder. Call
     * it before the first logger is created.
     */
    static Path configureLogging(RuntimeOptions options) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-local.xml");
        }
        if (System.getProperty("creatorflow.logDir") == null) {
            System.setProperty("creatorflow.logDir", logDir(options).toString());
        }
        return Path.of(System.getProperty("creatorflow.logDir"));
    }

    /** {@code <data>/logs}, or a new temp folder when nothing is kept. */
    static Path logDir(RuntimeOptions options) {
        if (!options.inMemory()) {
            return options.dataDir().resolve("logs");
        }
        try {
            return Files.createTempDirectory("creatorflow-logs");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temp folder for the logs: " + e.getMessage(), e);
        }
    }
}
