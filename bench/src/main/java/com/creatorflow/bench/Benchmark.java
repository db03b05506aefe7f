package com.creatorflow.bench;

/**
 * One benchmark of {@code ./creatorflow bench}. Implementations are listed in
 * {@code META-INF/services/com.creatorflow.bench.Benchmark}; each prints its figures and, where the issue asks for
 * one, its ratio to a raw baseline measured in the same run on the same machine.
 */
public interface Benchmark {
    /** The name to select it on the command line. */
    String name();

    /** What it measures, in one line. */
    String description();

    /** Runs it and prints a report. */
    void run(BenchReport report) throws Exception;
}
