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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal file of JSON lines. Each {@link #append} is one write to the file, so a record survives a
 * crash of the JVM as soon as the call returns (the operating system holds it); with {@code fsync} it also survives
 * a crash of the machine, at a cost per append. A torn last line (a crash mid-write) is ignored on replay.
 */
public final class FileJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);

    private final Path file;
    private final boolean fsync;
    private FileChannel channel;

    /**
     * @param file the journal file (created with its folder when missing)
     * @param fsync whether every append is forced to the disk
     */
    public FileJournal(Path file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Step Functions journal " + file, e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(List<ObjectNode> records) {
        if (records.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size());
        for (ObjectNode record : records) {
            out.writeBytes(JsonValues.bytes(record));
            out.write('\n');
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.toByteArray());
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the Step Functions journal " + file, e);
        }
    }

    @Override
    public synchronized void replay(Consumer<ObjectNode> consumer) {
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
                    consumer.accept(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Step Functions journal " + file, e);
        }
    }

    @Override
    public synchronized void rewrite(List<ObjectNode> records) {
        Path temporary = file.resolveSibling(file.getFileName() + ".compacting");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                for (ObjectNode record : records) {
                    buffer.writeBytes(JsonValues.bytes(record));
                    buffer.write('\n');
                    if (buffer.size() > 1 << 20) {
                        write(out, buffer);
                    }
                }
                write(out, buffer);
                out.force(true);
            }
            channel.close();
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the Step Functions journal " + file, e);
        }
    }

    private static void write(FileChannel out, ByteArrayOutputStream buffer) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        buffer.reset();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public synchronized void close() {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing the Step Functions journal {} failed: {}", file, e.toString());
        }
    }
}
