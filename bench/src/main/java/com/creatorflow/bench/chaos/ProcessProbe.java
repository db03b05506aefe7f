package com.creatorflow.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a soak samples from outside the runtime JVM: the heap after a full collection ({@code jcmd <pid> GC.run},
 * then the collection's line in the JVM's {@code -Xlog:gc} file), resident memory and threads from
 * {@code /proc/<pid>/status}, and the sizes of the data folder's entries on disk.
 */
final class ProcessProbe {
    private static final Pattern FULL_GC = Pattern.compile(
            "Pause Full \\((?:Diagnostic Command|System\\.gc\\(\\))\\) (\\d+)([KMG])->(\\d+)([KMG])");

    private ProcessProbe() {
    }

    /** The JVM option that makes a child write the GC log this probe reads ({@code %p} is the pid). */
    static String gcLogOption(Path dir) {
        return "-Xlog:gc:file=" + dir.resolve("gc-%p.log") + ":uptime";
    }

    /** Heap in use after a full collection forced now, in MB; NaN when it cannot be read. */
    static double heapAfterFullGc(long pid, Path dir) {
        Path log = dir.resolve("gc-" + pid + ".log");
        int before = fullCollections(log).size();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Double.NaN;
            }
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<Double> all = fullCollections(log);
            if (all.size() > before) {
                return all.get(all.size() - 1);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static List<Double> fullCollections(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            return fullCollections(Files.readAllLines(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The heap after each forced full collection in the lines of a GC log, in MB. */
    static List<Double> fullCollections(List<String> lines) {
        return lines.stream().map(FULL_GC::matcher).filter(Matcher::find)
                .map(m -> megabytes(Long.parseLong(m.group(3)), m.group(4))).toList();
    }

    private static double megabytes(long amount, String unit) {
        return switch (unit) {
            case "K" -> amount / 1024.0;
            case "G" -> amount * 1024.0;
            default -> amount;
        };
    }

    /** A field of {@code /proc/<pid>/status} as a number (VmRSS in kB, Threads), or -1. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    /** Resident memory in MB of a process and of its descendants whose command ends with a name. */
    static double rssMb(long pid, String descendantsNamed) {
        if (descendantsNamed == null) {
            return status(pid, "VmRSS") / 1024.0;
        }
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> c.endsWith(descendantsNamed)).orElse(false))
                .mapToLong(p -> status(p.pid(), "VmRSS")).sum() / 1024.0;
    }

    /** Bytes on disk of each top-level entry of a folder (folders summed), by name. */
    static Map<String, Long> sizes(Path folder) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                sizes.put(entry.getFileName().toString(), size(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }

    private static long size(Path path) {
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException vanished) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException vanished) {
            return 0;
        }
    }

    /** Bytes as "12.3 MB". */
    static String human(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
}
