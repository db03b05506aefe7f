package com.creatorflow.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a separate JVM on this JVM's classpath, its output in a file, for tests that kill a process
 * with SIGKILL and look at what it left behind.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code mainClass} with the given JVM options (e.g. {@code -Dname=value}) and arguments; its standard
     * output and error go to {@code output}.
     */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> args, Path output) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Dcreatorflow.projectRoot=" + ProjectPaths.root()));
        command.addAll(jvmOptions);
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new ChildJvm(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + mainClass.getName(), e);
        }
    }

    /**
     * Waits for a line of output that starts with {@code prefix} and returns the rest of it.
     *
     * @throws IllegalStateException when the JVM exits or the time runs out first
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output()) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the child JVM exited with " + process.exitValue() + " before printing "
                        + prefix + ":\n" + String.join("\n", output()));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no line starting with " + prefix + " within " + timeout + ":\n"
                + String.join("\n", output()));
    }

    /** What the JVM printed so far. */
    public List<String> output() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the JVM with SIGKILL (no shutdown hooks, no flushing) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child JVM " + process.pid() + " survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
