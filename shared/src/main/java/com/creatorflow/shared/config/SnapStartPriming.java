package com.creatorflow.shared.config;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: before Lambda snapshots a function's initialised environment, run the expensive first-time
 * paths (Jackson's serialisers for the order model, the DynamoDB client's marshalling, TLS and connection set-up with
 * a read of a key that does not exist) so that restored environments start warm. Registered once per process.
 */
public final class SnapStartPriming implements Resource {
    private static volatile SnapStartPriming registered;

    private final Env env;

    private SnapStartPriming(Env env) {
        this.env = env;
    }

    /** Registers priming for the process environment (kept strongly reachable: CRaC holds resources weakly). */
    static synchronized void register(Env env) {
        if (registered == null) {
            registered = new SnapStartPriming(env);
            Core.getGlobalContext().register(registered);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Order sample = Json.read("{\"tenantId\":\"priming\",\"orderId\":\"0\",\"state\":\"RECEIVED\"}", Order.class);
        Json.write(sample);
        env.optional("ORDERS_TABLE").ifPresent(table -> env.aws().dynamo().getItem(r -> r.tableName(table)
                .key(Map.of("tenantId", AttributeValue.fromS("priming"), "orderId", AttributeValue.fromS("0")))));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to restore: credentials come from the default provider chain, which refreshes itself
    }
}
