package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.ProjectPaths;
import java.util.Arrays;
import org.slf4j.LoggerFactory;

/**
 * A separate JVM for {@link FunctionLogsIT}: sets logging up as the run command does for the given options, logs
 * as a function does (INFO, then WARN with the marker given), reports it, then waits to be killed.
 */
public final class LogProbe {
    private LogProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        String marker = args[0];
        Main.configureLogging(RuntimeOptions.parse(Arrays.copyOfRange(args, 1, args.length), ProjectPaths.root()));
        var log = LoggerFactory.getLogger("com.creatorflow.functions.Probe");
        log.info("probe info {}", marker);
        log.warn("probe warning {}", marker);
        System.out.println("LOGGED " + System.getProperty("creatorflow.logDir"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
