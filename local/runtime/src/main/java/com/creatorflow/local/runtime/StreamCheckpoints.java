package com.creatorflow.local.runtime;

import com.creatorflow.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Where each DynamoDB stream event source got to: the last sequence number it handed to its function successfully,
 * per shard. Kept in a JSON file beside the durable data (written atomically after every advance), so that after a
 * restart the source resumes after the last processed record instead of losing or repeating the stream, as Lambda's
 * event source mapping does. In memory when the runtime keeps nothing.
 */
final class StreamCheckpoints {
    private final Path file;
    private final Map<String, String> positions;

    private StreamCheckpoints(Path file, Map<String, String> positions) {
        this.file = file;
        this.positions = positions;
    }

    /** Checkpoints in a file (loaded when it exists), or in memory when {@code file} is null. */
    @SuppressWarnings("unchecked")
    static StreamCheckpoints at(Path file) {
        Map<String, String> positions = new TreeMap<>();
        if (file != null && Files.exists(file)) {
            try {
                positions.putAll(Json.read(Files.readString(file), Map.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stream checkpoints " + file, e);
            }
        }
        return new StreamCheckpoints(file, positions);
    }

    /** The last processed sequence number of a shard, or null. */
    synchronized String get(String key) {
        return positions.get(key);
    }

    /**
     * The sequence number every one of {@code functions} has read a table's stream up to, on all its shards; empty
     * when one of them has read nothing of it yet.
     */
    synchronized OptionalLong readByAll(String table, Collection<String> functions) {
        long lowest = Long.MAX_VALUE;
        for (String function : functions) {
            String prefix = function + "|" + table + "|";
            OptionalLong read = positions.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(e -> Long.parseLong(e.getValue())).min();
            if (read.isEmpty()) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, read.getAsLong());
        }
        return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    /** Records progress (durably when file-backed). */
    synchronized void put(String key, String sequenceNumber) {
        positions.put(key, sequenceNumber);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, Json.write(positions));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stream checkpoints " + file, e);
        }
    }
}
