package com.creatorflow.shared.shipping;

import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingState;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.creatorflow.shared.store.OrderRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies carrier tracking events to orders. A parcel only moves forward: an event is applied when it ranks above the
 * parcel's last status (label created, accepted, in transit, out for delivery, delivered) or is a newer exception;
 * delivered is final. Duplicates (same carrier event id) and stale or out-of-order events change nothing.
 *
 * <p>The order follows its parcels: any parcel in an exception (lost, returned to sender, address problem) sends it
 * to NEEDS_ATTENTION; all parcels delivered makes it DELIVERED; any parcel moving makes it IN_TRANSIT; each only
 * when the lifecycle allows the move from where the order is (a LABELED order whose tracking has not been pushed to
 * TikTok yet only records the parcel's status). Applying is idempotent: the order is changed first, the event
 * recorded last, so a crash in between is repaired by the carrier's redelivery.
 */
public final class TrackingService {
    private static final int ATTEMPTS = 5;

    private final OrderRepository orders;
    private final ShippingStore store;

    /** What happened to one event. */
    public enum Outcome {
        /** It moved the parcel (and perhaps the order). */
        APPLIED,
        /** The same event was seen before. */
        DUPLICATE,
        /** Older or lower than what the parcel already shows; recorded, not applied. */
        STALE,
        /** No label of ours has this tracking number. */
        UNKNOWN_PARCEL
    }

    /**
     * The result for one event.
     *
     * @param trackingNumber the parcel
     * @param eventId the carrier's event id
     * @param outcome what happened
     * @param orderState the order's state afterwards (null for unknown parcels)
     */
    public record Result(String trackingNumber, String eventId, Outcome outcome, OrderState orderState) {
    }

    /**
     * @param orders the order repository
     * @param store the shipping store with the tracking states
     */
    public TrackingService(OrderRepository orders, ShippingStore store) {
        this.orders = orders;
        this.store = store;
    }

    /** Applies events oldest first. */
    public List<Result> apply(List<TrackingEvent> events) {
        List<TrackingEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(TrackingEvent::occurredAt));
        List<Result> results = new ArrayList<>();
        for (TrackingEvent event : ordered) {
            results.add(apply(event));
        }
        return results;
    }

    /** Applies one event. */
    public Result apply(TrackingEvent event) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<TrackingState> found = store.tracking(event.carrier(), event.trackingNumber());
            if (found.isEmpty()) {
                return new Result(event.trackingNumber(), event.eventId(), Outcome.UNKNOWN_PARCEL, null);
            }
            TrackingState state = found.get();
            if (state.eventIds().contains(event.eventId())) {
                return new Result(event.trackingNumber(), event.eventId(), Outcome.DUPLICATE, orderState(state));
            }
            boolean advances = advances(state, event);
            OrderState after = advances ? applyToOrder(state, event) : orderState(state);
            if (store.recordEvent(state, event, advances)) {
                return new Result(event.trackingNumber(), event.eventId(),
                        advances ? Outcome.APPLIED : Outcome.STALE, after);
            }
        }
        throw new TransientFailure("tracking of " + event.trackingNumber() + " kept changing; retry");
    }

    static boolean advances(TrackingState state, TrackingEvent event) {
        if (state.status() == TrackingStatus.DELIVERED) {
            return false;
        }
        boolean newer = state.lastOccurredAt() == null || event.occurredAt().isAfter(state.lastOccurredAt());
        if (event.status().isException() || state.status().isException()) {
            return newer && event.status() != state.status();
        }
        return event.status().rank() > state.status().rank();
    }

    private OrderState orderState(TrackingState state) {
        return orders.find(state.tenantId(), state.orderId()).map(Order::state).orElse(null);
    }

    private OrderState applyToOrder(TrackingState state, TrackingEvent event) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Order> found = orders.find(state.tenantId(), state.orderId());
            if (found.isEmpty()) {
                return null;
            }
            Order order = found.get();
            List<ShipmentPackage> packages = withStatus(order.packages(), state.packageId(),
                    event.status().packageStatus());
            OrderState target = target(packages);
            boolean moves = target != null && target != order.state() && Lifecycle.refusal(order, target).isEmpty();
            boolean changes = !packages.equals(order.packages());
            if (!moves && !changes) {
                return order.state();
            }
            String actor = "carrier:" + event.carrier().code();
            String reason = reason(event);
            Map<String, Object> details = details(event);
            try {
                Order written = moves
                        ? orders.transition(order, target, actor, reason, details, b -> b.packages(packages))
                        : orders.update(order, actor, "TRACKING", reason, details, b -> b.packages(packages));
                return written.state();
            } catch (VersionConflict conflict) {
                // another writer was first; read again and decide again
            }
        }
        throw new TransientFailure("order " + state.orderId() + " kept changing while applying tracking; retry");
    }

    private static List<ShipmentPackage> withStatus(List<ShipmentPackage> packages, String packageId, String status) {
        List<ShipmentPackage> updated = new ArrayList<>();
        for (ShipmentPackage p : packages) {
            boolean mine = p.packageId().equals(packageId) && !"VOIDED".equals(p.status());
            updated.add(mine ? new ShipmentPackage(p.packageId(), p.tiktokLineIds(), status, p.carrier(), p.service(),
                    p.trackingNumber(), p.labelId(), p.shippedAt()) : p);
        }
        return updated;
    }

    /** The order state its parcels call for, or null when they call for none. */
    static OrderState target(List<ShipmentPackage> packages) {
        List<ShipmentPackage> active = packages.stream()
                .filter(p -> p.trackingNumber() != null && !"VOIDED".equals(p.status())).toList();
        if (active.isEmpty()) {
            return null;
        }
        if (active.stream().anyMatch(p -> "EXCEPTION".equals(p.status()))) {
            return OrderState.NEEDS_ATTENTION;
        }
        if (active.stream().allMatch(p -> "DELIVERED".equals(p.status()))) {
            return OrderState.DELIVERED;
        }
        if (active.stream().anyMatch(p -> "IN_TRANSIT".equals(p.status()) || "DELIVERED".equals(p.status()))) {
            return OrderState.IN_TRANSIT;
        }
        return null;
    }

    private static String reason(TrackingEvent event) {
        String what = event.status().isException() ? "carrier exception " + event.status() : "carrier reports "
                + event.status();
        return what + " for " + event.carrier().code() + " " + event.trackingNumber()
                + (event.description() == null ? "" : ": " + event.description());
    }

    private static Map<String, Object> details(TrackingEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("carrier", event.carrier().code());
        details.put("trackingNumber", event.trackingNumber());
        details.put("eventId", event.eventId());
        details.put("code", event.nativeCode());
        details.put("status", event.status().name());
        details.put("occurredAt", event.occurredAt().toString());
        if (event.location() != null) {
            details.put("location", event.location());
        }
        return details;
    }
}
