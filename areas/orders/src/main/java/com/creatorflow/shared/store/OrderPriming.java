package com.creatorflow.shared.store;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.config.Priming;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Primes the order model: Jackson's serialisers for {@link Order}, and the DynamoDB client's marshalling, TLS and
 * connection set-up with a read of an order key that does not exist (when the function has an orders table).
 */
public final class OrderPriming implements Priming {
    @Override
    public void prime(Env env) {
        Order sample = Json.read("{\"tenantId\":\"priming\",\"orderId\":\"0\",\"state\":\"RECEIVED\"}", Order.class);
        Json.write(sample);
        env.optional("ORDERS_TABLE").ifPresent(table -> env.aws().dynamo().getItem(r -> r.tableName(table)
                .key(Map.of("tenantId", AttributeValue.fromS("priming"), "orderId", AttributeValue.fromS("0")))));
    }
}
