package com.creatorflow.local.sfn.store;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Records as gzip-compressed JSON lines, the form archived executions are kept in. Compressed at the fastest level:
 * an execution is archived in the step that closes it, and JSON compresses well even so.
 */
final class NdjsonGzip {
    private NdjsonGzip() {
    }

    static void write(List<ObjectNode> records, OutputStream to) throws IOException {
        try (GZIPOutputStream out = new GZIPOutputStream(to, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            for (ObjectNode record : records) {
                out.write(JsonValues.bytes(record));
                out.write('\n');
            }
        }
    }

    static byte[] bytes(List<ObjectNode> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(records, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads up to {@code limit} records. */
    static List<ObjectNode> read(InputStream from, int limit) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(from, 8192),
                StandardCharsets.UTF_8))) {
            String line;
            while (out.size() < limit && (line = reader.readLine()) != null) {
                JsonNode record = JsonValues.parse(line);
                if (record instanceof ObjectNode object) {
                    out.add(object);
                }
            }
        }
        return out;
    }
}
