package com.creatorflow.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Looks for a text in bytes as somebody holding the files would: in the bytes as they are, inside every zlib (Flate)
 * stream found anywhere in them, inflated, and inside every base64 run, decoded (Dynoxide keeps binary attributes as
 * base64 in its SQLite file). PDFs compress their page contents with Flate, so a label stored compressed but
 * unencrypted, as a file or as a DynamoDB binary attribute, is found.
 */
final class PlaintextScan {
    private static final int MAX_INFLATED = 4 * 1024 * 1024;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{24,}={0,2}");

    private PlaintextScan() {
    }

    /** True when the text is in the bytes, in a zlib stream inside them, or in a base64 run of them, decoded. */
    static boolean contains(byte[] data, String text) {
        if (plainOrInflated(data, text)) {
            return true;
        }
        Matcher runs = BASE64.matcher(latin1(data, data.length));
        while (runs.find()) {
            String run = runs.group();
            try {
                if (plainOrInflated(Base64.getDecoder().decode(run.substring(0, run.length() / 4 * 4)), text)) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // letters that only look like base64
            }
        }
        return false;
    }

    private static boolean plainOrInflated(byte[] data, String text) {
        if (latin1(data, data.length).contains(text)) {
            return true;
        }
        byte[] out = new byte[MAX_INFLATED];
        for (int i = 0; i + 1 < data.length; i++) {
            int header = (data[i] & 0xff) << 8 | (data[i + 1] & 0xff);
            if ((data[i] & 0x0f) != 8 || header % 31 != 0) {
                continue;
            }
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(data, i, data.length - i);
                int length = inflater.inflate(out);
                if (length > 0 && latin1(out, length).contains(text)) {
                    return true;
                }
            } catch (DataFormatException notAStream) {
                // bytes that only look like a zlib header
            } finally {
                inflater.end();
            }
        }
        return false;
    }

    /** The files under a folder whose bytes contain the text, plainly or Flate-compressed. */
    static List<Path> filesContaining(Path folder, String text) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(read(file), text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String latin1(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
