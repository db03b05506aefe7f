package com.creatorflow.shared.store;

import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.AuditVerification;
import com.creatorflow.shared.store.domain.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The append-only audit trail of orders in DynamoDB (partition = "tenant#order", sort = sequence). Entries are only
 * ever written inside the transaction that changes the order, with a condition that the sequence is new; nothing
 * updates or deletes them. {@link #verify} walks a chain and reports any changed, missing or reordered entry.
 */
public final class AuditLog {
    private final DynamoDbClient dynamo;
    private final String table;

    /** An audit log on a table. */
    public AuditLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The partition key of an order's trail. */
    public static String orderKey(String tenantId, String orderId) {
        return tenantId + "#" + orderId;
    }

    /**
     * The conditional put that appends an entry (part of the order's transaction). Besides the hashed fields the item
     * carries the live feed's keys ({@code tenantId}, {@code feedKey}: index {@code byTenantFeed}) and the order's
     * shop, which the feed shows; they are outside the hash because they only index the entry.
     */
    Put appendPut(AuditRecord record, String shopId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("orderKey", AttributeValue.fromS(record.orderKey()));
        item.put("tenantId", AttributeValue.fromS(record.orderKey().substring(0, record.orderKey().lastIndexOf('#'))));
        item.put("feedKey", AttributeValue.fromS(feedKey(record)));
        putIfPresent(item, "shopId", shopId);
        item.put("seq", AttributeValue.fromN(Long.toString(record.seq())));
        item.put("at", AttributeValue.fromS(Times.sortable(record.at())));
        item.put("actor", AttributeValue.fromS(record.actor()));
        item.put("action", AttributeValue.fromS(record.action()));
        putIfPresent(item, "from", record.from());
        putIfPresent(item, "to", record.to());
        putIfPresent(item, "reason", record.reason());
        putIfPresent(item, "details", record.details());
        item.put("prevHash", AttributeValue.fromS(record.prevHash()));
        item.put("hash", AttributeValue.fromS(record.hash()));
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(seq)").build();
    }

    /**
     * The entry's place in its tenant's feed: time, order and sequence, fixed width, so text order is the order in
     * which the tenant's changes happened and every entry has its own key.
     */
    public static String feedKey(AuditRecord record) {
        String orderId = record.orderKey().substring(record.orderKey().lastIndexOf('#') + 1);
        return Times.sortable(record.at()) + "~" + orderId + "~" + String.format("%010d", record.seq());
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    /** Every entry of an order's trail, oldest first. */
    public List<AuditRecord> history(String tenantId, String orderId) {
        List<AuditRecord> records = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("orderKey = :k")
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(orderKey(tenantId, orderId))))
                    .consistentRead(true);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            page.items().forEach(item -> records.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return records;
    }

    private static AuditRecord fromItem(Map<String, AttributeValue> item) {
        return new AuditRecord(s(item, "orderKey"), Long.parseLong(item.get("seq").n()),
                Instant.parse(s(item, "at")), s(item, "actor"), s(item, "action"), s(item, "from"), s(item, "to"),
                s(item, "reason"), s(item, "details"), s(item, "prevHash"), s(item, "hash"));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /**
     * Checks a trail against itself and against the order's head: numbering from 1 without gaps, each entry's hash
     * recomputes, each entry points at the previous hash, and the last entry is the one the order names (so a
     * removed tail shows too).
     *
     * @param records the trail, oldest first
     * @param orderVersion the order's current version (the expected last sequence)
     * @param orderHead the order's recorded head hash
     */
    public static AuditVerification verify(List<AuditRecord> records, long orderVersion, String orderHead) {
        List<String> problems = new ArrayList<>();
        String previous = AuditRecord.GENESIS;
        long expectedSeq = 1;
        for (AuditRecord record : records) {
            if (record.seq() != expectedSeq) {
                problems.add("entry " + expectedSeq + " is missing (next entry found is " + record.seq() + ")");
                expectedSeq = record.seq();
            }
            if (!record.hash().equals(record.recomputeHash())) {
                problems.add("entry " + record.seq() + " was altered: its content no longer matches its hash");
            }
            if (!Objects.equals(record.prevHash(), previous)) {
                problems.add("entry " + record.seq() + " does not follow the entry before it (chain broken)");
            }
            previous = record.hash();
            expectedSeq++;
        }
        long last = expectedSeq - 1;
        if (last != orderVersion) {
            problems.add("the order is at version " + orderVersion + " but the trail ends at entry " + last);
        } else if (!Objects.equals(previous, orderHead == null ? AuditRecord.GENESIS : orderHead)) {
            problems.add("the last entry is not the one the order records as its head");
        }
        return new AuditVerification(records.size(), problems);
    }
}
