package com.creatorflow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.testing.TestStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The re-encryption loop's conflict handling against the local DynamoDB, with items changed under it on purpose. */
class PiiResealingIT {
    private final DynamoDbClient dynamo = TestStack.get().env().aws().dynamo();
    private final String table = table(dynamo);

    @Test
    void anItemChangedAfterItWasReadIsReadAgainAndResealedWithoutLosingTheChange() {
        put("a", 1, "old", "");
        Map<String, AttributeValue> stale = get("a");
        put("a", 2, "old", "changed meanwhile");
        AtomicInteger rereads = new AtomicInteger();
        PiiResealing.Tally tally = PiiResealing.run(dynamo, List.of(stale), this::reseal, item -> {
            rereads.incrementAndGet();
            return get("a");
        }, item -> item.get("id").s());
        assertThat(tally).isEqualTo(new PiiResealing.Tally(1, 0, 0, 0));
        assertThat(rereads).hasValue(1);
        Map<String, AttributeValue> after = get("a");
        assertThat(after.get("sealed").s()).isEqualTo("new");
        assertThat(after.get("note").s()).isEqualTo("changed meanwhile");
        assertThat(after.get("version").n()).isEqualTo("2");
    }

    @Test
    void anItemThatKeepsChangingIsLeftForTheNextPassAndOneGoneOrCurrentIsSkipped() {
        put("busy", 1, "old", "");
        put("current", 1, "new", "");
        put("gone", 1, "old", "");
        Map<String, AttributeValue> gone = get("gone");
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("gone"))));
        AtomicInteger version = new AtomicInteger(1);
        PiiResealing.Tally tally = PiiResealing.run(dynamo, List.of(stale("busy"), get("current"), gone),
                this::reseal, item -> {
                    if (item.get("id").s().equals("gone")) {
                        return get("gone");
                    }
                    put("busy", version.incrementAndGet() + 1, "old", "");
                    return stale("busy");
                }, item -> item.get("id").s());
        assertThat(tally.conflicts()).isEqualTo(1);
        assertThat(tally.alreadyCurrent()).isEqualTo(2);
        assertThat(tally.complete()).isFalse();
        assertThat(get("busy").get("sealed").s()).isEqualTo("old");
    }

    @Test
    void anItemThatCannotBeOpenedIsCountedAsFailedAndTheOthersGoOn() {
        put("broken", 1, "old", "");
        put("fine", 1, "old", "");
        PiiResealing.Tally tally = PiiResealing.run(dynamo, List.of(get("broken"), get("fine")), item -> {
            if (item.get("id").s().equals("broken")) {
                throw new IllegalStateException("PII key version 9 is not in the keys table");
            }
            return reseal(item);
        }, item -> get(item.get("id").s()), item -> item.get("id").s());
        assertThat(tally).isEqualTo(new PiiResealing.Tally(1, 0, 0, 1));
    }

    /** The item read at a version one behind the stored one: its write always fails its condition. */
    private Map<String, AttributeValue> stale(String id) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(get(id));
        item.put("version", AttributeValue.fromN(Long.toString(Long.parseLong(item.get("version").n()) - 1)));
        return item;
    }

    private Optional<UpdateItemRequest> reseal(Map<String, AttributeValue> item) {
        if (item.get("sealed").s().equals("new")) {
            return Optional.empty();
        }
        return Optional.of(UpdateItemRequest.builder().tableName(table).key(Map.of("id", item.get("id")))
                .updateExpression("SET sealed = :new").conditionExpression("version = :read")
                .expressionAttributeValues(Map.of(":new", AttributeValue.fromS("new"), ":read", item.get("version")))
                .build());
    }

    private void put(String id, int version, String sealed, String note) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
                "version", AttributeValue.fromN(Integer.toString(version)), "sealed", AttributeValue.fromS(sealed),
                "note", AttributeValue.fromS(note))));
    }

    private Map<String, AttributeValue> get(String id) {
        return dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private static String table(DynamoDbClient dynamo) {
        String name = "reseal-" + UUID.randomUUID();
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        return name;
    }
}
