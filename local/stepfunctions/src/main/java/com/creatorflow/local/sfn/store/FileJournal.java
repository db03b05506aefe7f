package com.creatorflow.local.sfn.store;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal of JSON lines in numbered segment files ({@code journal-00000001.ndjson}, ...) in a folder; the file
 * {@code journal.ndjson} of earlier versions is read as segment 0. Each {@link #append} is one write to the current
 * segment, so a record survives a crash of the JVM as soon as the call returns (the operating system holds it); with
 * {@code fsync} it also survives a crash of the machine, at a cost per append. A torn last line (a crash mid-write)
 * is ignored on replay.
 */
public final class FileJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);
    private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{8})\\.ndjson");
    private static final String LEGACY = "journal.ndjson";

    private final Path directory;
    private final boolean fsync;
    private long segment;
    private long segmentBytes;
    private FileChannel channel;
    private boolean closed;

    /**
     * @param directory the journal's folder (created when missing)
     * @param fsync whether every append is forced to the disk
     */
    public FileJournal(Path directory, boolean fsync) {
        this.directory = directory;
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
            TreeMap<Long, Path> existing = segments();
            segment = existing.isEmpty() ? 1 : Math.max(1, existing.lastKey());
            Path file = file(segment);
            channel = open(file);
            segmentBytes = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Step Functions journal in " + directory, e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private Path file(long number) {
        return directory.resolve(String.format(Locale.ROOT, "journal-%08d.ndjson", number));
    }

    /** The segment files by number, oldest first. */
    private TreeMap<Long, Path> segments() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                Matcher matcher = SEGMENT.matcher(name);
                if (matcher.matches()) {
                    out.put(Long.parseLong(matcher.group(1)), file);
                } else if (name.equals(LEGACY)) {
                    out.put(0L, file);
                }
            });
        }
        return out;
    }

    /** The journal's folder. */
    public Path directory() {
        return directory;
    }

    /** Appends records; after {@link #close} nothing more is written. */
    @Override
    public synchronized long append(List<ObjectNode> records) {
        if (records.isEmpty() || closed) {
            return 0;
        }
        try {
            long written = write(channel, lines(records));
            if (fsync) {
                channel.force(false);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the Step Functions journal in " + directory, e);
        }
    }

    private static ByteBuffer lines(List<ObjectNode> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size());
        for (ObjectNode record : records) {
            out.writeBytes(JsonValues.bytes(record));
            out.write('\n');
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private long write(FileChannel to, ByteBuffer buffer) throws IOException {
        int bytes = buffer.remaining();
        segmentBytes += bytes;
        while (buffer.hasRemaining()) {
            to.write(buffer);
        }
        return bytes;
    }

    @Override
    public synchronized Replayed replay(Consumer<ObjectNode> consumer) {
        long records = 0;
        long bytes = 0;
        try {
            TreeMap<Long, Path> files = segments();
            for (Path file : files.values()) {
                bytes += Files.size(file);
                records += replay(file, consumer);
            }
            return new Replayed(records, bytes, files.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Step Functions journal in " + directory, e);
        }
    }

    private static long replay(Path file, Consumer<ObjectNode> consumer) throws IOException {
        long records = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = JsonValues.parse(line);
                } catch (IllegalArgumentException e) {
                    LOG.warn("ignoring unreadable journal line {} of {} (a write cut short by a crash)", number, file);
                    continue;
                }
                if (record instanceof ObjectNode object) {
                    records++;
                    consumer.accept(object);
                }
            }
        }
        return records;
    }

    @Override
    public synchronized long startSegment(List<ObjectNode> head) {
        long next = segment + 1;
        Path file = file(next);
        try {
            FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            segmentBytes = 0;
            write(opened, lines(head));
            opened.force(true);
            channel.close();
            channel = opened;
            segment = next;
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Step Functions journal segment " + file, e);
        }
    }

    @Override
    public synchronized void deleteSegmentsBefore(long number) {
        try {
            channel.force(true);
            List<Path> old = new ArrayList<>(segments().headMap(number).values());
            for (Path file : old) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("deleting old Step Functions journal segments in {} failed: {}", directory, e.toString());
        }
    }

    @Override
    public synchronized long segmentBytes() {
        return segmentBytes;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing the Step Functions journal in {} failed: {}", directory, e.toString());
        }
    }
}
