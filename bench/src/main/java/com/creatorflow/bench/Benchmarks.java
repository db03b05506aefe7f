package com.creatorflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Runs the named benchmarks, or all of them, and prints their figures. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-bench.xml");
        }
        System.setProperty("http.maxConnections", "500");
        List<Benchmark> all = new ArrayList<>();
        ServiceLoader.load(Benchmark.class).forEach(all::add);
        List<String> wanted = List.of(args);
        if (wanted.contains("--list")) {
            all.forEach(b -> System.out.println(b.name() + "  " + b.description()));
            return;
        }
        System.out.printf("# machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        for (Benchmark benchmark : all) {
            if (wanted.isEmpty() || wanted.contains(benchmark.name())) {
                System.out.println("## " + benchmark.name() + ": " + benchmark.description());
                benchmark.run(new BenchReport(benchmark.name(), System.out));
            }
        }
        System.exit(0);
    }
}
