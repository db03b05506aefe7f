package com.creatorflow.shared.shipping;

import com.creatorflow.shared.config.Env;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Label PDFs as binary items of the ShippingTable ({@code pk = TENANT#<id>}, {@code sk = LABEL#<labelId>}), so that a
 * label is always read under its tenant's key. Items are capped at 400 KB by DynamoDB; a label is far smaller.
 */
public final class DynamoLabelStore implements LabelStore {
    /** DynamoDB's item limit, minus room for the keys. */
    public static final int MAX_BYTES = 390 * 1024;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    /**
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     * @param clock the clock stamped on stored labels
     */
    public DynamoLabelStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The store wired from {@code SHIPPING_TABLE}. */
    public static DynamoLabelStore fromEnv(Env env) {
        return new DynamoLabelStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"), Clock.systemUTC());
    }

    private static Map<String, AttributeValue> key(String tenantId, String labelId) {
        return Map.of("pk", AttributeValue.fromS(ShippingStore.tenantKey(tenantId)),
                "sk", AttributeValue.fromS("LABEL#" + labelId));
    }

    @Override
    public void put(String tenantId, String labelId, byte[] pdf) {
        if (pdf.length > MAX_BYTES) {
            throw new IllegalArgumentException("label " + labelId + " is " + pdf.length + " bytes; the limit is "
                    + MAX_BYTES);
        }
        Map<String, AttributeValue> item = new HashMap<>(key(tenantId, labelId));
        item.put("pdf", AttributeValue.fromB(SdkBytes.fromByteArray(pdf)));
        item.put("contentType", AttributeValue.fromS("application/pdf"));
        item.put("storedAt", AttributeValue.fromS(clock.instant().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<byte[]> get(String tenantId, String labelId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, labelId)));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(response.item().get("pdf").b().asByteArray());
    }
}
