package com.creatorflow.bench;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lifecycle transitions per second through {@link OrderRepository} (each one TransactWriteItems of the order and its
 * audit entry), against the raw conditional PutItem rate of the same Dynoxide in the same run.
 */
public final class RepositoryTransitionsBenchmark implements Benchmark {
    private static final List<OrderState> PATH = List.of(OrderState.READY, OrderState.RESERVED, OrderState.LABELED,
            OrderState.SHIPPED, OrderState.IN_TRANSIT, OrderState.DELIVERED, OrderState.COMPLETED);
    private static final int THREADS = 16;

    @Override
    public String name() {
        return "transitions";
    }

    @Override
    public String description() {
        return "order lifecycle transitions/s through the repository vs raw conditional PutItem/s (durable Dynoxide)";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        try (DurableDynamo local = DurableDynamo.start("transitions")) {
            DynamoDbClient dynamo = local.client();
            LoadRunner.Result raw = local.rawConditionalPuts(report, THREADS, 2, 8);

            OrderRepository orders = new OrderRepository(dynamo, local.table("OrdersTable"),
                    local.table("AuditLogTable"),
                    PiiCipher.withKey(Base64.getDecoder().decode(PiiCipher.newKey())), Clock.systemUTC());
            Order[] current = new Order[THREADS];
            LoadRunner.Result transitions = LoadRunner.run(THREADS, 2, 8, (thread, i) -> {
                Order order = current[thread];
                int step = order == null ? PATH.size() : PATH.indexOf(order.state()) + 1;
                if (step >= PATH.size()) {
                    current[thread] = orders.create(Orders.sample("bench-" + thread), "bench", "start");
                    order = current[thread];
                    step = 0;
                }
                current[thread] = orders.transition(order, PATH.get(step), "bench", "step");
            });
            report.figure("transitions_per_s", transitions.perSecond(), "transitions/s");
            report.figure("transition_p50", transitions.p(50), "ms");
            report.figure("transition_p99", transitions.p(99), "ms");
            report.figure("errors", transitions.errors(), "count");
            report.figure("ratio_to_raw_put", transitions.perSecond() / raw.perSecond(), "x");
            report.note("each transition is one TransactWriteItems (order put + audit append); one in eight "
                    + "operations also creates an order (another TransactWriteItems); " + THREADS + " threads");
        }
    }
}
