package com.creatorflow.shared.order.testing;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Buyer;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.OrderType;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.Totals;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Realistic sample orders for tests. */
public final class Orders {
    private static final AtomicLong SEQUENCE = new AtomicLong(576_000_000_000_000_000L);

    private Orders() {
    }

    /** A fresh TikTok-like order id. */
    public static String newOrderId() {
        return Long.toString(SEQUENCE.incrementAndGet());
    }

    /** A paid two-SKU US order in RECEIVED for a tenant. */
    public static Order sample(String tenantId) {
        Address address = new Address("Jamie Rivera", "+1 213 555 0142", "1200 Sunset Blvd", "Apt 4",
                "Los Angeles", "CA", "90026", "US");
        Money unit = Money.parse("19.99", "USD");
        Money unit2 = Money.parse("7.50", "USD");
        return Order.builder()
                .tenantId(tenantId)
                .orderId(newOrderId())
                .shopId("7495123456789")
                .state(OrderState.RECEIVED)
                .tiktokStatus(TikTokOrderStatus.AWAITING_SHIPMENT)
                .type(OrderType.STANDARD)
                .lines(List.of(
                        new LineItem("TEE-BLK-M", "1729384756", "Logo Tee", "Black / M", 2, unit,
                                List.of("5770001", "5770002")),
                        new LineItem("STICKER-01", "1729384999", "Sticker", "Default", 1, unit2, List.of("5770003"))))
                .totals(new Totals(Money.parse("47.48", "USD"), Money.parse("4.99", "USD"),
                        Money.parse("4.20", "USD"), Money.zero("USD"), Money.parse("56.67", "USD")))
                .shipTo(ShipTo.of(address))
                .pii(new Pii(new Buyer("7494000111", "Jamie Rivera", "buyer@relay.tiktokshop.example", null),
                        address))
                .tags(Set.of("live-drop"))
                .paidAt(Instant.parse("2026-11-25T18:00:00Z"))
                .shipBy(Instant.parse("2026-11-28T18:00:00Z"))
                .tiktokUpdatedAt(Instant.parse("2026-11-25T19:00:00Z"))
                .build();
    }
}
