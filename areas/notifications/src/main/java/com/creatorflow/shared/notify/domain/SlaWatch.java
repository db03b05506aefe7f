package com.creatorflow.shared.notify.domain;

import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.order.Order;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Raises {@code OrderSlaAtRisk} ({@code creatorflow.orders}) for an unshipped order whose TikTok ship-by time is
 * less than {@code ahead} away (or already past). The stuck-order sweep shows it every order it looks at. The event
 * id names the order and its ship-by time, so the notification it becomes is made once however often the sweep
 * sees the order.
 */
public final class SlaWatch implements Consumer<Order> {
    /** The detail-type of the event. */
    public static final String DETAIL_TYPE = "OrderSlaAtRisk";

    /**
     * The event's detail.
     *
     * @param eventId {@code sla#<tenant>#<order>#<shipBy>}
     * @param tenantId the creator
     * @param orderId the order
     * @param shipBy TikTok's ship-by time
     * @param state the order's state
     */
    public record AtRisk(String eventId, String tenantId, String orderId, String shipBy, String state) {
    }

    private final EventPublisher events;
    private final Duration ahead;
    private final Clock clock;

    /**
     * @param events where the event goes
     * @param ahead how long before the ship-by time an order counts as at risk
     * @param clock the clock
     */
    public SlaWatch(EventPublisher events, Duration ahead, Clock clock) {
        this.events = events;
        this.ahead = ahead;
        this.clock = clock;
    }

    @Override
    public void accept(Order order) {
        Instant shipBy = order.shipBy();
        if (shipBy == null || shipBy.isAfter(clock.instant().plus(ahead))) {
            return;
        }
        events.publish("creatorflow.orders", DETAIL_TYPE, new AtRisk("sla#" + order.tenantId() + "#" + order.orderId()
                + "#" + shipBy, order.tenantId(), order.orderId(), shipBy.toString(), order.state().name()));
    }
}
