package com.creatorflow.shared.crypto;

import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates a fresh PII key-set table (keySet, version) for a test. */
public final class PiiKeyTables {
    private PiiKeyTables() {
    }

    /** Creates the table under a random name and returns the name. */
    public static String create(DynamoDbClient dynamo) {
        String name = "pii-keys-" + UUID.randomUUID();
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("keySet").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("version").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("keySet").keyType(KeyType.HASH),
                        k -> k.attributeName("version").keyType(KeyType.RANGE)));
        return name;
    }
}
