package com.creatorflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs the named benchmarks, or all of them, and prints their figures. Options after the names ({@code --orders
 * 20000}) become the system properties the named benchmarks read ({@code api.orders}), as {@code -D} would.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-bench.xml");
        }
        System.setProperty("http.maxConnections", "500");
        List<String> wanted = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && !args[i].equals("--list") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                wanted.add(args[i]);
            }
        }
        options.forEach((key, value) -> wanted.forEach(name -> System.setProperty(name + "." + key, value)));
        List<Benchmark> all = new ArrayList<>();
        ServiceLoader.load(Benchmark.class).forEach(all::add);
        if (wanted.contains("--list")) {
            all.forEach(b -> System.out.println(b.name() + "  " + b.description()));
            return;
        }
        System.out.printf("# machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        try {
            for (Benchmark benchmark : all) {
                if (wanted.isEmpty() || wanted.contains(benchmark.name())) {
                    System.out.println("## " + benchmark.name() + ": " + benchmark.description());
                    benchmark.run(new BenchReport(benchmark.name(), System.out));
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
