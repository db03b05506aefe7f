package com.creatorflow.shared.shipping.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A multipart HTTP body (RFC 2046) read into its parts: headers (lower-case names) and bytes. */
public final class Multipart {
    private Multipart() {
    }

    /**
     * One part.
     *
     * @param headers its headers, names in lower case
     * @param body its bytes
     */
    public record Part(Map<String, String> headers, byte[] body) {
        /** The part's name from its {@code Content-Disposition}, if any. */
        public Optional<String> name() {
            String disposition = headers.getOrDefault("content-disposition", "");
            int at = disposition.indexOf("name=\"");
            return at < 0 ? Optional.empty()
                    : Optional.of(disposition.substring(at + 6, disposition.indexOf('"', at + 6)));
        }
    }

    /** The boundary of a {@code multipart/...; boundary=...} content type, if it is one. */
    public static Optional<String> boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return Optional.empty();
        }
        for (String parameter : contentType.split(";")) {
            String[] kv = parameter.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equalsIgnoreCase("boundary")) {
                return Optional.of(kv[1].replace("\"", ""));
            }
        }
        return Optional.empty();
    }

    /** The parts of a body. */
    public static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int contentStart = start + delimiter.length;
            if (contentStart + 1 < body.length && body[contentStart] == '-' && body[contentStart + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                break;
            }
            parts.add(part(body, skipLineEnd(body, contentStart), trimLineEnd(body, next)));
            start = next;
        }
        return parts;
    }

    /** A body of parts: each a name, a content type and bytes. */
    public static byte[] write(String boundary, List<Part> parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
            part.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part.body());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static Part part(byte[] body, int from, int to) {
        Map<String, String> headers = new LinkedHashMap<>();
        int position = from;
        while (position < to) {
            int end = indexOf(body, new byte[] {'\r', '\n'}, position);
            if (end < 0 || end > to) {
                end = to;
            }
            if (end == position) {
                position += 2;
                break;
            }
            String line = new String(body, position, end - position, StandardCharsets.ISO_8859_1);
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            position = end + 2;
        }
        byte[] content = new byte[Math.max(0, to - position)];
        System.arraycopy(body, Math.min(position, to), content, 0, content.length);
        return new Part(headers, content);
    }

    private static int skipLineEnd(byte[] body, int at) {
        return at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n' ? at + 2 : at;
    }

    private static int trimLineEnd(byte[] body, int at) {
        return at >= 2 && body[at - 2] == '\r' && body[at - 1] == '\n' ? at - 2 : at;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
