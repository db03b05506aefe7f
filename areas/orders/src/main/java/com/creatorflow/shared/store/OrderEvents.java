package com.creatorflow.shared.store;

import com.creatorflow.shared.events.DomainEvent;
import com.creatorflow.shared.events.NeedsAttention;
import com.creatorflow.shared.events.OrderCreated;
import com.creatorflow.shared.events.OrderStatusChanged;
import com.creatorflow.shared.events.OrderUpdated;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an order's audit entries into its domain events. The audit trail is the outbox: every change of an order is
 * written with its audit entry in one transaction, the AuditLog table's stream delivers each entry at least once,
 * and this mapping makes the same events from the same entry every time (stable {@code eventId}). A TRANSITION
 * yields {@code OrderStatusChanged} (plus {@code NeedsAttention} when it enters NEEDS_ATTENTION), CREATED yields
 * {@code OrderCreated}, any other action {@code OrderUpdated}.
 */
public final class OrderEvents {
    /** The source of order events. */
    public static final String SOURCE = "creatorflow.orders";

    private OrderEvents() {
    }

    /** The events of one audit entry, in publishing order. */
    public static List<DomainEvent> fromAudit(AuditRecord entry) {
        String key = entry.orderKey();
        int split = key.lastIndexOf('#');
        String tenantId = key.substring(0, split);
        String orderId = key.substring(split + 1);
        String eventId = key + "#" + entry.seq();
        List<DomainEvent> events = new ArrayList<>();
        switch (entry.action()) {
            case "CREATED" -> events.add(new DomainEvent(SOURCE, OrderCreated.DETAIL_TYPE, new OrderCreated(eventId,
                    tenantId, orderId, entry.to(), entry.seq(), entry.at(), entry.reason(), entry.actor())));
            case "TRANSITION" -> {
                events.add(new DomainEvent(SOURCE, OrderStatusChanged.DETAIL_TYPE, new OrderStatusChanged(eventId,
                        tenantId, orderId, entry.from(), entry.to(), entry.seq(), entry.at(), entry.reason(),
                        entry.actor())));
                if (OrderState.NEEDS_ATTENTION.name().equals(entry.to())) {
                    events.add(new DomainEvent(SOURCE, NeedsAttention.DETAIL_TYPE, new NeedsAttention(eventId,
                            tenantId, orderId, entry.from(), entry.reason(), entry.seq(), entry.at())));
                }
            }
            default -> {
                JsonNode details = entry.details() == null ? null : Json.tree(entry.details());
                JsonNode changes = details == null ? null : details.get("changes");
                List<String> changed = new ArrayList<>();
                if (changes != null && changes.has("changed")) {
                    changes.get("changed").forEach(name -> changed.add(name.asText()));
                }
                events.add(new DomainEvent(SOURCE, OrderUpdated.DETAIL_TYPE, new OrderUpdated(eventId, tenantId,
                        orderId, entry.action(), entry.to(), entry.seq(), entry.at(), entry.reason(), entry.actor(),
                        changes == null ? null : changes.get("old"), changes == null ? null : changes.get("new"),
                        changed, details)));
            }
        }
        return events;
    }
}
