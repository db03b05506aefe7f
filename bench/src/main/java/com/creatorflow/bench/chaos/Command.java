package com.creatorflow.bench.chaos;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** What {@code ./creatorflow chaos} and {@code soak} share: quiet logging, flags, the run and its exit status. */
final class Command {
    /** A run of a command. */
    @FunctionalInterface
    interface Run<O> {
        RunReport run(O options, PrintStream out) throws Exception;
    }

    private Command() {
    }

    /** Parses the flags, runs, and exits 0 when every check passed, 1 otherwise. */
    static <O> void main(String[] args, Function<String[], O> parse, Run<O> run) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-bench.xml");
        }
        O options = parse.apply(args);
        if (options == null) {
            return;
        }
        System.exit(run.run(options, System.out).passed() ? 0 : 1);
    }

    /**
     * The {@code --flag value} pairs of a command line, by flag without its dashes; null after printing the help
     * ({@code --help}, {@code -h}).
     *
     * @throws IllegalArgumentException on an unknown flag or a missing value
     */
    static Map<String, String> flags(String[] args, Set<String> known, String help) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(help);
                return null;
            }
            if (!flag.startsWith("--") || !known.contains(flag.substring(2))) {
                throw new IllegalArgumentException("unknown option " + flag + "\n" + help);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + help);
            }
            flags.put(flag.substring(2), args[++i]);
        }
        return flags;
    }
}
