package com.creatorflow.shared.shipping.testing;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.store.OrderRepository;
import java.util.List;
import java.util.function.UnaryOperator;

/** Shipping test data: a creator's ship-from address, profiles of the sample SKUs, and reserved sample orders. */
public final class ShippingSamples {
    /** The sample creator's studio in Los Angeles. */
    public static final Address SHIP_FROM = new Address("Glow Studio", "+1 323 555 0100", "800 Traction Ave",
            "Unit 3", "Los Angeles", "CA", "90013", "US");
    /** The sample tee: 250 g, folded 30 x 25 x 3 cm. */
    public static final SkuProfile TEE = new SkuProfile("TEE-BLK-M", 250, 300, 250, 30, "610910", false);
    /** The sample sticker. */
    public static final SkuProfile STICKER = new SkuProfile("STICKER-01", 10, 100, 80, 1, "491199", false);

    private ShippingSamples() {
    }

    /** Rules with a strategy, allowed carriers (empty: all) and failover order. */
    public static ShippingRules rules(RateStrategy strategy, List<String> allowed, List<String> failover) {
        return new ShippingRules(strategy, allowed, failover, List.of(), RateStrategy.CHEAPEST, 30, 0, SHIP_FROM,
                null);
    }

    /** Stores cheapest-of-all rules and the sample SKUs' profiles for a tenant. */
    public static void setUp(ShippingStore store, String tenant) {
        store.putRules(tenant, rules(RateStrategy.CHEAPEST, List.of(), List.of()));
        store.putProfile(tenant, TEE);
        store.putProfile(tenant, STICKER);
    }

    /** A sample order moved to RESERVED, with its address changed first when asked. */
    public static Order reservedOrder(OrderRepository orders, String tenant, UnaryOperator<Address> address) {
        Order sample = Orders.sample(tenant);
        Address to = address.apply(sample.pii().shippingAddress());
        Order order = orders.create(sample.toBuilder().pii(new Pii(sample.pii().buyer(), to)).shipTo(ShipTo.of(to))
                .build(), "system:test", "imported");
        order = orders.transition(order, OrderState.READY, "workflow:test", "validated");
        return orders.transition(order, OrderState.RESERVED, "workflow:test", "reserved");
    }

    /** A sample order moved to RESERVED. */
    public static Order reservedOrder(OrderRepository orders, String tenant) {
        return reservedOrder(orders, tenant, UnaryOperator.identity());
    }
}
