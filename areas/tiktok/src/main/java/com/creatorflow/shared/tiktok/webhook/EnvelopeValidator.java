package com.creatorflow.shared.tiktok.webhook;

import com.creatorflow.shared.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks a webhook against {@code schemas/tiktok-webhook.schema.json} (the envelope, and the {@code data} fields each
 * order event type must carry). The schema is compiled once per process.
 */
final class EnvelopeValidator {
    private static final JsonSchema SCHEMA = load();

    private EnvelopeValidator() {
    }

    private static JsonSchema load() {
        try (InputStream in = EnvelopeValidator.class.getResourceAsStream("/schemas/tiktok-webhook.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/tiktok-webhook.schema.json is missing from the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields at fault, as JSON paths with what is wrong; empty when valid. */
    static List<Problem.FieldError> errors(JsonNode envelope) {
        String outOfRange = nonFiniteNumber(envelope, "$");
        if (outOfRange != null) {
            return List.of(new Problem.FieldError(outOfRange, "the number is too large to be read"));
        }
        Set<ValidationMessage> messages = SCHEMA.validate(envelope);
        return messages.stream().map(m -> new Problem.FieldError(field(m), m.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field)).distinct().toList();
    }

    /** The path of the first number the parser read as infinite (such as 1e999), or null when there is none. */
    private static String nonFiniteNumber(JsonNode node, String path) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return path;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                String found = nonFiniteNumber(field.getValue(), path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nonFiniteNumber(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String field(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return location + "." + message.getProperty();
        }
        return location;
    }
}
