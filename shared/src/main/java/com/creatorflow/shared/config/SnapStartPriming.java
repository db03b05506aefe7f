package com.creatorflow.shared.config;

import java.util.Map;
import java.util.ServiceLoader;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: before Lambda snapshots a function's initialised environment, run the expensive first-time
 * paths so that restored environments start warm: every {@link Priming} on the class path (the orders module's primes
 * the order model's serialisers), then the DynamoDB client's marshalling, TLS and connection set-up with a read of an
 * order key that does not exist. Registered once per process.
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
        ServiceLoader.load(Priming.class, SnapStartPriming.class.getClassLoader()).forEach(step -> step.prime(env));
        env.optional("ORDERS_TABLE").ifPresent(table -> env.aws().dynamo().getItem(r -> r.tableName(table)
                .key(Map.of("tenantId", AttributeValue.fromS("priming"), "orderId", AttributeValue.fromS("0")))));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to restore: credentials come from the default provider chain, which refreshes itself
    }
}
