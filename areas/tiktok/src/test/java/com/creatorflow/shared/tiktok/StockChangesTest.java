package com.creatorflow.shared.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockChangesTest {
    private static int sequence;

    private static DynamodbEvent.DynamodbStreamRecord record(String pk, String sk, Long oldAvailable,
                                                               Long newAvailable) {
        StreamRecord data = new StreamRecord();
        data.setKeys(Map.of("pk", new AttributeValue().withS(pk), "sk", new AttributeValue().withS(sk)));
        data.setOldImage(image(oldAvailable));
        data.setNewImage(image(newAvailable));
        data.setSequenceNumber(Integer.toString(++sequence));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setDynamodb(data);
        return record;
    }

    private static Map<String, AttributeValue> image(Long available) {
        if (available == null) {
            return null;
        }
        Map<String, AttributeValue> image = new HashMap<>();
        image.put("available", new AttributeValue().withN(available.toString()));
        return image;
    }

    @Test
    void manyChangesOfOneSkuAreOnePushStartingAtItsFirstRecord() {
        var first = record("t1#SKU#TEE", "LOC#MAIN", 10L, 9L);
        List<StockChanges.Change> changes = StockChanges.of(List.of(first, record("t1#SKU#TEE", "LOC#MAIN", 9L, 8L),
                record("t1#SKU#CAP", "LOC#MAIN", 5L, 4L), record("t1#SKU#TEE", "LOC#EAST", 1L, 0L)));
        assertThat(changes).extracting(StockChanges.Change::sku).containsExactly("TEE", "CAP");
        assertThat(changes.get(0).firstSequenceNumber()).isEqualTo(first.getDynamodb().getSequenceNumber());
        assertThat(changes.get(0).tenantId()).isEqualTo("t1");
    }

    @Test
    void onlyStockItemsWhoseAvailableChangedCount() {
        List<StockChanges.Change> changes = StockChanges.of(List.of(
                record("t1#SKU#TEE", "LOC#MAIN", 7L, 7L),
                record("t1#SKU#TEE", "MOV#2026#abc", null, 1L),
                record("t1#ORD#42", "RES", null, null),
                record("t1#LISTINGS", "TEE", null, null),
                record("t2#SKU#NEW", "LOC#MAIN", null, 12L),
                record("t2#SKU#GONE", "LOC#MAIN", 3L, null)));
        assertThat(changes).extracting(c -> c.tenantId() + "/" + c.sku()).containsExactly("t2/NEW", "t2/GONE");
    }
}
