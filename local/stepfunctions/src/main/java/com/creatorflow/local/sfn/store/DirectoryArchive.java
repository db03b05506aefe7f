package com.creatorflow.local.sfn.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed executions as one gzip-compressed JSON-lines file each, {@code <machine>/<execution>.ndjson.gz} under a
 * folder (names made safe for any file system and suffixed with a hash of the ARN, so names that differ only in case
 * stay apart). A file's modification time is the execution's stop time, so a sweep finds the expired and the oldest
 * without opening files. Nothing is held in the heap; a file is read when its execution is asked for.
 */
public final class DirectoryArchive implements ExecutionArchive {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryArchive.class);
    private static final String SUFFIX = ".ndjson.gz";

    private final Path directory;
    private final Retention retention;
    private final LongSupplier clock;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final Object counts = new Object();
    private int stored = -1;
    private long lastSweep;

    /**
     * @param directory the folder (created when missing)
     * @param retention how long and how many
     * @param clock the engine's time in epoch milliseconds
     */
    public DirectoryArchive(Path directory, Retention retention, LongSupplier clock) {
        this.directory = directory;
        this.retention = retention;
        this.clock = clock;
        this.lastSweep = clock.getAsLong();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the execution archive " + directory, e);
        }
    }

    @Override
    public void put(String executionArn, long stopDate, List<ObjectNode> records) {
        Path file = file(executionArn);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                NdjsonGzip.write(records, out);
            }
            Files.setLastModifiedTime(temporary, FileTime.fromMillis(stopDate));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive the execution " + executionArn + " in " + file, e);
        }
        boolean due;
        synchronized (counts) {
            if (stored >= 0) {
                stored++;
            }
            due = stored > retention.maxClosedExecutions() + retention.slack()
                    || clock.getAsLong() - lastSweep > retention.sweepIntervalMillis();
        }
        if (due) {
            sweep();
        }
    }

    @Override
    public List<ObjectNode> records(String executionArn, int limit) {
        return read(file(executionArn), limit);
    }

    @Override
    public List<ObjectNode> headers(String stateMachineArn) {
        Path folder = folder(ExecutionArchive.machineName(stateMachineArn));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .forEach(f -> out.addAll(read(f, 1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the execution archive " + folder, e);
        }
        return out;
    }

    /** Reads a retained file's first records; nothing when it is missing or past its retention. */
    private List<ObjectNode> read(Path file, int limit) {
        try {
            if (retention.expired(Files.getLastModifiedTime(file).toMillis(), clock.getAsLong())) {
                return List.of();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return NdjsonGzip.read(in, limit);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archived execution " + file, e);
        }
    }

    @Override
    public void remove(String executionArn) {
        try {
            if (Files.deleteIfExists(file(executionArn))) {
                synchronized (counts) {
                    if (stored > 0) {
                        stored--;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the archived execution " + executionArn, e);
        }
    }

    @Override
    public void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = clock.getAsLong();
            List<Stored> kept = new ArrayList<>();
            int deleted = 0;
            for (Path folder : list(directory)) {
                for (Path file : list(folder)) {
                    Long stopDate = stopDate(file);
                    if (stopDate == null) {
                        continue;
                    }
                    if (retention.expired(stopDate, now)) {
                        deleted += Files.deleteIfExists(file) ? 1 : 0;
                    } else {
                        kept.add(new Stored(file, stopDate));
                    }
                }
            }
            int excess = Math.max(0, kept.size() - retention.maxClosedExecutions());
            if (excess > 0) {
                kept.sort(Comparator.comparingLong(Stored::stopDate));
                for (Stored old : kept.subList(0, excess)) {
                    deleted += Files.deleteIfExists(old.file) ? 1 : 0;
                }
            }
            synchronized (counts) {
                stored = kept.size() - excess;
                lastSweep = now;
            }
            if (deleted > 0) {
                LOG.debug("deleted {} archived executions (retention {}) in {}", deleted, retention, directory);
            }
        } catch (IOException e) {
            LOG.warn("sweeping the execution archive {} failed: {}", directory, e.toString());
        } finally {
            sweeping.set(false);
        }
    }

    private record Stored(Path file, long stopDate) {
    }

    /** The entries of a folder (none when it is not one). */
    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    /** An archived file's stop time, or null for another file or one removed meanwhile. */
    private static Long stopDate(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(SUFFIX)) {
            return null;
        }
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public int size() {
        synchronized (counts) {
            return Math.max(0, stored);
        }
    }

    private Path folder(String machineName) {
        return directory.resolve(safe(machineName, machineName));
    }

    private Path file(String executionArn) {
        String name = executionArn.substring(executionArn.lastIndexOf(':') + 1);
        return folder(ExecutionArchive.machineName(executionArn)).resolve(safe(name, executionArn) + SUFFIX);
    }

    /** A name as a file name: characters other than letters, digits, '.', '_' and '-' become '_', then a hash. */
    private static String safe(String name, String hashed) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash(hashed);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
