package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors for inventory listings: the query's last evaluated key as base64 JSON. A cursor is only
 * accepted for the tenant whose partition it names, so a cursor cannot reach another tenant's items.
 */
final class InventoryCursor {
    private InventoryCursor() {
    }

    static String encode(Map<String, AttributeValue> key) {
        Map<String, String> plain = new HashMap<>();
        key.forEach((name, value) -> plain.put(name, value.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(plain));
    }

    @SuppressWarnings("unchecked")
    static Map<String, AttributeValue> decode(String tenant, String cursor) {
        Map<String, Object> plain;
        try {
            plain = Json.read(Base64.getUrlDecoder().decode(cursor), Map.class);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String prefix = InventoryKeys.tenantPrefix(tenant);
        Map<String, AttributeValue> key = new HashMap<>();
        for (Map.Entry<String, Object> entry : plain.entrySet()) {
            if (!(entry.getValue() instanceof String value)) {
                throw invalid();
            }
            if ((entry.getKey().equals("pk") || entry.getKey().equals("gsi1pk")) && !value.startsWith(prefix)) {
                throw invalid();
            }
            key.put(entry.getKey(), AttributeValue.fromS(value));
        }
        if (!key.containsKey("pk")) {
            throw invalid();
        }
        return key;
    }

    private static ValidationFailed invalid() {
        return new ValidationFailed("cursor", "cursor is not one this API returned");
    }
}
