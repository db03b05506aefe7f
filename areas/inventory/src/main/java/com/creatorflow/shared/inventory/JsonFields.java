package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.ValidationFailed;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads fields of a JSON request body, refusing bad ones with a 400 that names the field. */
final class JsonFields {
    private JsonFields() {
    }

    /** A text field, trimmed; required ones may not be blank. */
    static Optional<String> text(JsonNode body, String field, boolean required, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new ValidationFailed(field, field + " is required");
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new ValidationFailed(field, field + " must be a string");
        }
        String value = node.asText().strip();
        if (required && value.isEmpty()) {
            throw new ValidationFailed(field, field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new ValidationFailed(field, field + " must be at most " + maxLength + " characters");
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A whole-number field within bounds, or empty when absent or null. */
    static Optional<Long> whole(JsonNode body, String field, long min, long max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new ValidationFailed(field, field + " must be a whole number from " + min + " to " + max);
        }
        return Optional.of(node.asLong());
    }

    /** A boolean field, or a fallback when absent. */
    static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new ValidationFailed(field, field + " must be true or false");
        }
        return node.asBoolean();
    }
}
