package com.creatorflow.shared.store;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.creatorflow.shared.store.domain.AuditRecord;
import java.time.Instant;
import java.util.Map;

/** Reads an AuditLog item from its DynamoDB stream image (the attribute names {@code AuditLog} writes). */
public final class AuditImage {
    private AuditImage() {
    }

    /** The audit entry of a NEW_IMAGE; fails clearly when the image is not an audit entry. */
    public static AuditRecord parse(Map<String, AttributeValue> image) {
        if (image == null || image.get("orderKey") == null || image.get("seq") == null) {
            throw new IllegalArgumentException("the stream record has no audit entry image (orderKey, seq)");
        }
        return new AuditRecord(s(image, "orderKey"), Long.parseLong(image.get("seq").getN()),
                Instant.parse(s(image, "at")), s(image, "actor"), s(image, "action"), s(image, "from"),
                s(image, "to"), s(image, "reason"), s(image, "details"), s(image, "prevHash"), s(image, "hash"));
    }

    private static String s(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }
}
