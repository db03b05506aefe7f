package com.creatorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted deliveries that have not finished, kept in an append-only NDJSON file so that they survive a crash
 * (EventBridge is durable once PutEvents answers). An accepted delivery is one {@code accept} line written before
 * PutEvents answers; a finished one (delivered, dead-lettered or dropped) adds a {@code done} line. Lines are written
 * through to the operating system without fsync, like the other local stores. The file is rewritten with only the
 * pending deliveries (atomically) at start and whenever it has grown past a size and is mostly finished lines.
 */
final class DeliveryJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryJournal.class);

    /** One pending delivery as written: rule and target by ARN and id, the rest as accepted. */
    record Entry(long seq, String ruleArn, String targetId, String eventId, String event, String payload,
                 Instant acceptedAt, int attempt) {
    }

    private final Path file;
    private final long compactAtBytes;
    private final Map<Long, String> pending = new LinkedHashMap<>();
    private OutputStream out;
    private long nextSeq = 1;
    private long fileBytes;
    private long pendingBytes;
    private boolean closed;

    private DeliveryJournal(Path file, long compactAtBytes) {
        this.file = file;
        this.compactAtBytes = compactAtBytes;
    }

    /**
     * Opens the journal in a folder and reads what it holds.
     *
     * @param folder where {@code deliveries.ndjson} lives (created when missing)
     * @param compactAtBytes rewrite the file while running once it is larger than this
     */
    static DeliveryJournal open(Path folder, long compactAtBytes) {
        DeliveryJournal journal = new DeliveryJournal(folder.resolve("deliveries.ndjson"), compactAtBytes);
        try {
            Files.createDirectories(folder);
            if (Files.exists(journal.file)) {
                journal.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the EventBridge delivery journal " + journal.file, e);
        }
        return journal;
    }

    private void read() throws IOException {
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Jsons.MAPPER.readTree(text);
            } catch (IOException e) {
                LOG.warn("skipped unreadable line {} of {} (a write cut short by a crash?)", line, file);
                continue;
            }
            long seq = node.path("seq").asLong();
            nextSeq = Math.max(nextSeq, seq + 1);
            if ("done".equals(node.path("op").asText())) {
                pending.remove(seq);
            } else {
                pending.put(seq, text);
            }
        }
    }

    /** The deliveries accepted and not finished when the journal was opened, oldest first. */
    synchronized List<Entry> pending() {
        List<Entry> entries = new ArrayList<>();
        for (String text : pending.values()) {
            try {
                JsonNode node = Jsons.MAPPER.readTree(text);
                entries.add(new Entry(node.path("seq").asLong(), node.path("rule").asText(),
                        node.path("target").asText(), node.path("eventId").asText(), node.path("event").asText(),
                        node.hasNonNull("payload") ? node.get("payload").asText() : null,
                        Instant.parse(node.path("acceptedAt").asText()), node.path("attempt").asInt(1)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipped a pending delivery of {} that cannot be read: {}", file, e.getMessage());
            }
        }
        return entries;
    }

    /**
     * Rewrites the file with only the given pending deliveries (the ones still deliverable) and keeps appending to
     * it.
     */
    synchronized void restart(List<Entry> keep) {
        Map<Long, String> kept = new LinkedHashMap<>();
        for (Entry entry : keep) {
            kept.put(entry.seq(), pending.get(entry.seq()));
        }
        pending.clear();
        pending.putAll(kept);
        pendingBytes = pending.values().stream().mapToLong(DeliveryJournal::lineBytes).sum();
        compact();
    }

    /** Writes an accepted delivery; returns its sequence number. */
    synchronized long accepted(String ruleArn, String targetId, String eventId, String event, String payload,
                               Instant acceptedAt, int attempt) {
        long seq = nextSeq++;
        ObjectNode node = Jsons.MAPPER.createObjectNode();
        node.put("op", "accept");
        node.put("seq", seq);
        node.put("rule", ruleArn);
        node.put("target", targetId);
        node.put("eventId", eventId);
        node.put("event", event);
        node.put("payload", payload);
        node.put("acceptedAt", acceptedAt.toString());
        node.put("attempt", attempt);
        String text = node.toString();
        pending.put(seq, text);
        pendingBytes += lineBytes(text);
        write(text);
        return seq;
    }

    /** Marks a delivery finished (delivered, dead-lettered or dropped); compacts the file when worth it. */
    synchronized void finished(long seq) {
        if (closed) {
            return;
        }
        String text = pending.remove(seq);
        if (text != null) {
            pendingBytes -= lineBytes(text);
        }
        write("{\"op\":\"done\",\"seq\":" + seq + "}");
        if (fileBytes > compactAtBytes && pendingBytes < fileBytes / 2) {
            compact();
        }
    }

    /** Pending deliveries in the journal. */
    synchronized int size() {
        return pending.size();
    }

    /** The journal file. */
    Path file() {
        return file;
    }

    private void write(String line) {
        if (closed) {
            throw new IllegalStateException("the EventBridge delivery journal is closed");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                fileBytes = Files.size(file);
            }
            out.write(bytes);
            out.flush();
            fileBytes += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the EventBridge delivery journal " + file, e);
        }
    }

    private void compact() {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            closeStream();
            StringBuilder text = new StringBuilder();
            pending.values().forEach(line -> text.append(line).append('\n'));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fileBytes = Files.size(file);
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the EventBridge delivery journal " + file, e);
        }
    }

    private void closeStream() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private static long lineBytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            closeStream();
        } catch (IOException e) {
            LOG.warn("closing the EventBridge delivery journal {}: {}", file, e.getMessage());
        }
    }
}
