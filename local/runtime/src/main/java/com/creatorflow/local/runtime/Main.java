package com.creatorflow.local.runtime;

/**
 * Entry point of the run command. Chooses the local logging configuration before any logger exists (runtime
 * messages on the console, functions' structured JSON logs in the data folder), then starts the runtime.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-local.xml");
        }
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "200");
        }
        try {
            LocalRuntime.run(args);
        } catch (RuntimeException e) {
            System.err.println("CreatorFlow local runtime failed to start: " + e.getMessage());
            System.exit(1);
        }
    }
}
