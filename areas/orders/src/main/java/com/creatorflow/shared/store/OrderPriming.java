package com.creatorflow.shared.store;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.config.Priming;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;

/** Primes Jackson's serialisers for the order model (a read and a write of a sample {@link Order}). */
public final class OrderPriming implements Priming {
    @Override
    public void prime(Env env) {
        Order sample = Json.read("{\"tenantId\":\"priming\",\"orderId\":\"0\",\"state\":\"RECEIVED\"}", Order.class);
        Json.write(sample);
    }
}
