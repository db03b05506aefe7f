package com.creatorflow.shared.tiktok;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SKUs whose available stock changed in a batch of Inventory table stream records (NEW_AND_OLD_IMAGES), each
 * once (coalesced: a SKU reserved 40 times in the batch is pushed once, with the figure read at push time), in the
 * order of their first change, with the sequence number of that first record (where a retry starts). Stock items
 * are {@code pk = <tenant>#SKU#<sku>}, {@code sk = LOC#<location>}; a change is a new or deleted stock item or a
 * different {@code available}. Reservations, movements and every other item are ignored, as are changes that leave
 * {@code available} as it was (a commit moves on-hand and reserved together).
 */
public final class StockChanges {
    private static final String SKU_MARK = "#SKU#";
    private static final String STOCK_PREFIX = "LOC#";

    private StockChanges() {
    }

    /**
     * A SKU whose available stock changed.
     *
     * @param tenantId the creator
     * @param sku the SKU
     * @param firstSequenceNumber the stream sequence number of its first change in the batch
     */
    public record Change(String tenantId, String sku, String firstSequenceNumber) {
    }

    /** The changed SKUs of a batch, each once, in order of first change. */
    public static List<Change> of(List<DynamodbEvent.DynamodbStreamRecord> records) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            var data = record.getDynamodb();
            if (data == null || data.getKeys() == null) {
                continue;
            }
            String pk = text(data.getKeys().get("pk"));
            String sk = text(data.getKeys().get("sk"));
            int mark = pk == null ? -1 : pk.indexOf(SKU_MARK);
            if (mark <= 0 || sk == null || !sk.startsWith(STOCK_PREFIX)) {
                continue;
            }
            if (Objects.equals(available(data.getOldImage()), available(data.getNewImage()))) {
                continue;
            }
            String tenant = pk.substring(0, mark);
            String sku = pk.substring(mark + SKU_MARK.length());
            changes.putIfAbsent(tenant + "\n" + sku, new Change(tenant, sku, data.getSequenceNumber()));
        }
        return List.copyOf(changes.values());
    }

    private static String available(Map<String, AttributeValue> image) {
        return image == null ? null : text(image.get("available"));
    }

    private static String text(AttributeValue value) {
        if (value == null) {
            return null;
        }
        return value.getS() != null ? value.getS() : value.getN();
    }
}
