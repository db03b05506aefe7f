package com.creatorflow.shared.aws;

import com.creatorflow.shared.error.TransientFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Strongly consistent reads of many keys of one table with {@code BatchGetItem}: at most 100 keys per call, and the
 * keys DynamoDB leaves unprocessed (throttling, the 16 MB limit) asked again after a short, growing, jittered pause,
 * a bounded number of times.
 */
public final class BatchReads {
    private static final int KEYS_PER_CALL = 100;
    private static final int MAX_ROUNDS = 10;

    private BatchReads() {
    }

    /** The items that exist among these keys, in no particular order; absent keys are simply missing. */
    public static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, String table,
                                                        List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
            List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL));
            int rounds = 0;
            while (!pending.isEmpty()) {
                KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(true).build();
                var response = dynamo.batchGetItem(r -> r.requestItems(Map.of(table, request)));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
                if (!pending.isEmpty()) {
                    if (++rounds > MAX_ROUNDS) {
                        throw new TransientFailure("DynamoDB kept throttling a batch read of " + table);
                    }
                    Backoff.pause(rounds);
                }
            }
        }
        return found;
    }
}
