package com.creatorflow.shared.aws;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque pagination cursors over DynamoDB's LastEvaluatedKey. A cursor is only accepted back from the tenant it was
 * issued to: every string key attribute must be the tenant id or start with "tenant#", so a cursor cannot be used to
 * page through another tenant's partition.
 */
public final class Cursors {
    /** The most bytes a key attribute of DynamoDB may have (a sort key's limit; partition keys allow 2,048). */
    private static final int MAX_KEY_BYTES = 1_024;

    private Cursors() {
    }

    /** Encodes a LastEvaluatedKey (string attributes only). */
    public static String encode(Map<String, AttributeValue> key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        Map<String, String> plain = new HashMap<>();
        key.forEach((name, value) -> plain.put(name, value.s() != null ? "S:" + value.s() : "N:" + value.n()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(plain));
    }

    /**
     * Decodes a cursor issued to this tenant; anything else is a 400 naming the cursor: text that is not a cursor,
     * an attribute that is not an {@code S:}/{@code N:} string, a value longer than a DynamoDB key may be.
     */
    public static Map<String, AttributeValue> decode(String tenantId, String cursor, String... tenantScopedAttributes) {
        JsonNode plain;
        try {
            plain = Json.tree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (plain == null || !plain.isObject()) {
            throw invalid();
        }
        Map<String, AttributeValue> key = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : plain.properties()) {
            String raw = entry.getValue().isTextual() ? entry.getValue().asText() : "";
            if (raw.length() < 2 || raw.charAt(1) != ':'
                    || raw.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
                throw invalid();
            }
            String value = raw.substring(2);
            key.put(entry.getKey(), raw.startsWith("N:") ? AttributeValue.fromN(value) : AttributeValue.fromS(value));
        }
        for (String attribute : tenantScopedAttributes) {
            AttributeValue value = key.get(attribute);
            if (value == null || value.s() == null
                    || !(value.s().equals(tenantId) || value.s().startsWith(tenantId + "#"))) {
                throw invalid();
            }
        }
        return key;
    }

    private static ValidationFailed invalid() {
        return new ValidationFailed("cursor", "cursor is not one this API returned");
    }
}
