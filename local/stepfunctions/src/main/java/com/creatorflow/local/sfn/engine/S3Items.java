package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A distributed Map's S3 side: the ItemReader ({@code s3:getObject} of a JSON array, JSON Lines or CSV file, or
 * {@code s3:listObjectsV2}), with items shaped as Step Functions gives them, and the ResultWriter's objects.
 * Failures are {@code States.ItemReaderFailed} / {@code States.ResultWriterFailed}.
 */
final class S3Items {
    private S3Items() {
    }

    /**
     * Reads the items.
     *
     * @param resource the ItemReader's Resource
     * @param parameters its evaluated Parameters/Arguments (Bucket, Key or Prefix, ...)
     * @param config its ReaderConfig
     * @param maxItems at most this many items (0 = all)
     */
    static ArrayNode read(S3Client s3, String resource, JsonNode parameters, JsonNode config, int maxItems) {
        String bucket = parameters.path("Bucket").asText(null);
        if (bucket == null) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "The ItemReader's parameters need a 'Bucket'");
        }
        try {
            ArrayNode items = resource.endsWith("listObjectsV2") ? list(s3, bucket, parameters, maxItems)
                    : parse(s3.getObjectAsBytes(r -> r.bucket(bucket).key(parameters.path("Key").asText()))
                    .asString(StandardCharsets.UTF_8), config);
            while (maxItems > 0 && items.size() > maxItems) {
                items.remove(items.size() - 1);
            }
            return items;
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "Reading items from s3://" + bucket + "/"
                    + parameters.path("Key").asText(parameters.path("Prefix").asText("")) + " failed: "
                    + e.getMessage());
        }
    }

    private static ArrayNode list(S3Client s3, String bucket, JsonNode parameters, int maxItems) {
        ArrayNode items = JsonValues.NODES.arrayNode();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket)
                    .continuationToken(token);
            if (parameters.hasNonNull("Prefix")) {
                request.prefix(parameters.get("Prefix").asText());
            }
            ListObjectsV2Response page = s3.listObjectsV2(request.build());
            for (S3Object object : page.contents()) {
                ObjectNode item = items.addObject();
                item.put("Etag", object.eTag());
                item.put("Key", object.key());
                item.put("LastModified", object.lastModified() == null ? 0 : object.lastModified().getEpochSecond());
                item.put("Size", object.size() == null ? 0 : object.size());
                item.put("StorageClass", object.storageClassAsString() == null ? "STANDARD"
                        : object.storageClassAsString());
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && (maxItems == 0 || items.size() < maxItems));
        return items;
    }

    private static ArrayNode parse(String text, JsonNode config) {
        String type = config.path("InputType").asText("JSON");
        switch (type) {
            case "JSON" -> {
                JsonNode parsed = JsonValues.parse(text);
                if (!parsed.isArray()) {
                    throw new StatesError(StatesError.ITEM_READER_FAILED, "The JSON object read by the ItemReader "
                            + "must be an array");
                }
                return (ArrayNode) parsed;
            }
            case "JSONL" -> {
                ArrayNode items = JsonValues.NODES.arrayNode();
                for (String line : text.split("\r?\n")) {
                    if (!line.isBlank()) {
                        items.add(JsonValues.parse(line));
                    }
                }
                return items;
            }
            default -> {
                return csv(text, config);
            }
        }
    }

    private static ArrayNode csv(String text, JsonNode config) {
        char delimiter = switch (config.path("CSVDelimiter").asText("COMMA")) {
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            default -> ',';
        };
        boolean given = config.path("CSVHeaderLocation").asText("FIRST_ROW").equals("GIVEN");
        List<String> headers = null;
        if (given) {
            headers = new java.util.ArrayList<>();
            for (JsonNode header : config.path("CSVHeaders")) {
                headers.add(header.asText());
            }
        }
        ArrayNode items = JsonValues.NODES.arrayNode();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get()
                .parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                if (headers == null) {
                    headers = record.toList();
                    continue;
                }
                ObjectNode item = items.addObject();
                for (int i = 0; i < headers.size(); i++) {
                    item.put(headers.get(i), i < record.size() ? record.get(i) : "");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "The CSV file could not be read: " + e.getMessage());
        }
        return items;
    }

    /** Writes one object of the ResultWriter; returns its size. */
    static long write(S3Client s3, String bucket, String key, JsonNode content) {
        byte[] bytes = JsonValues.bytes(content);
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(bytes));
        } catch (RuntimeException e) {
            throw new StatesError(StatesError.RESULT_WRITER_FAILED, "Writing s3://" + bucket + "/" + key
                    + " failed: " + e.getMessage());
        }
        return bytes.length;
    }
}
