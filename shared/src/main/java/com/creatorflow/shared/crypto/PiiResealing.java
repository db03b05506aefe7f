package com.creatorflow.shared.crypto;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Re-encryption of stored items after a key rotation, safe while traffic flows: each item's sealed values are
 * re-sealed with the current key version and written back with a condition that the item did not change since it
 * was read (the order's version, a shop's ciphertexts). On a conflict the item is read again and retried; items
 * already on the current version are skipped, so a pass can be repeated at any time.
 */
public final class PiiResealing {
    private static final Logger LOG = LoggerFactory.getLogger(PiiResealing.class);
    private static final int ATTEMPTS = 5;

    private PiiResealing() {
    }

    /**
     * What one pass did.
     *
     * @param resealed items written back with the current version
     * @param alreadyCurrent items that needed nothing (already current, no sealed value, or gone meanwhile)
     * @param conflicts items that kept changing under every attempt (run the pass again)
     * @param failed items whose values could not be opened (logged by key; run again after fixing the keys)
     */
    public record Tally(int resealed, int alreadyCurrent, int conflicts, int failed) {
        /** True when every item is now on the current version. */
        public boolean complete() {
            return conflicts == 0 && failed == 0;
        }
    }

    /**
     * Re-seals items one by one.
     *
     * @param dynamo the DynamoDB client
     * @param items the items to look at (a query's or scan's pages)
     * @param update the conditional write that re-seals an item, or empty when it needs none
     * @param reread the item read again after a conflict (consistently), empty when it is gone
     * @param describe names an item in logs (its keys, never its values)
     */
    public static Tally run(DynamoDbClient dynamo, Iterable<Map<String, AttributeValue>> items,
                            Function<Map<String, AttributeValue>, Optional<UpdateItemRequest>> update,
                            UnaryOperator<Map<String, AttributeValue>> reread,
                            Function<Map<String, AttributeValue>, String> describe) {
        int resealed = 0;
        int current = 0;
        int conflicts = 0;
        int failed = 0;
        for (Map<String, AttributeValue> first : items) {
            Map<String, AttributeValue> item = first;
            for (int attempt = 1; ; attempt++) {
                Optional<UpdateItemRequest> write;
                try {
                    write = item.isEmpty() ? Optional.empty() : update.apply(item);
                } catch (RuntimeException e) {
                    LOG.warn("cannot re-seal {}: {}", describe.apply(first), e.getMessage());
                    failed++;
                    break;
                }
                if (write.isEmpty()) {
                    current++;
                    break;
                }
                try {
                    dynamo.updateItem(write.get());
                    resealed++;
                    break;
                } catch (ConditionalCheckFailedException changed) {
                    if (attempt == ATTEMPTS) {
                        LOG.warn("{} kept changing during re-encryption; left for the next pass",
                                describe.apply(first));
                        conflicts++;
                        break;
                    }
                    item = reread.apply(item);
                }
            }
        }
        return new Tally(resealed, current, conflicts, failed);
    }
}
