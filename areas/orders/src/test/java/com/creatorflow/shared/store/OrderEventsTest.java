package com.creatorflow.shared.store;

import com.creatorflow.shared.store.domain.AuditRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.events.DomainEvent;
import com.creatorflow.shared.events.NeedsAttention;
import com.creatorflow.shared.events.OrderCreated;
import com.creatorflow.shared.events.OrderStatusChanged;
import com.creatorflow.shared.events.OrderUpdated;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Audit entries become the same domain events every time. */
class OrderEventsTest {
    private static final Instant AT = Instant.parse("2026-11-25T22:30:00Z");

    private static AuditRecord entry(long seq, String action, String from, String to, String details) {
        return AuditRecord.of("tenant-a#576000000000000001", seq, AT, "workflow:test", action, from, to, "why",
                details, "prev");
    }

    @Test
    void aTransitionIsOneOrderStatusChangedWithTenantOrderStatesAndVersion() {
        List<DomainEvent> events = OrderEvents.fromAudit(entry(4, "TRANSITION", "READY", "RESERVED", null));
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("creatorflow.orders");
            assertThat(event.detailType()).isEqualTo("OrderStatusChanged");
            JsonNode detail = Json.toTree(event.detail());
            assertThat(detail.get("tenantId").asText()).isEqualTo("tenant-a");
            assertThat(detail.get("orderId").asText()).isEqualTo("576000000000000001");
            assertThat(detail.get("from").asText()).isEqualTo("READY");
            assertThat(detail.get("to").asText()).isEqualTo("RESERVED");
            assertThat(detail.get("version").asLong()).isEqualTo(4);
            assertThat(detail.get("at").asText()).isEqualTo("2026-11-25T22:30:00Z");
            assertThat(detail.get("eventId").asText()).isEqualTo("tenant-a#576000000000000001#4");
        });
        assertThat(OrderEvents.fromAudit(entry(4, "TRANSITION", "READY", "RESERVED", null))).isEqualTo(events);
    }

    @Test
    void enteringNeedsAttentionAlsoRaisesNeedsAttention() {
        assertThat(OrderEvents.fromAudit(entry(5, "TRANSITION", "RESERVED", "NEEDS_ATTENTION", null)))
                .extracting(DomainEvent::detailType).containsExactly("OrderStatusChanged", "NeedsAttention");
    }

    @Test
    void creationAndDataChangesHaveTheirOwnTypesWithOldNewAndChanged() {
        assertThat(OrderEvents.fromAudit(entry(1, "CREATED", null, "RECEIVED", null)))
                .extracting(DomainEvent::detailType).containsExactly("OrderCreated");
        DomainEvent updated = OrderEvents.fromAudit(entry(2, "RULES_APPLIED", "RECEIVED", "RECEIVED",
                "{\"ruleSetVersion\":3,\"changes\":{\"old\":{\"priority\":0},\"new\":{\"priority\":5},"
                        + "\"changed\":[\"priority\"]}}")).get(0);
        assertThat(updated.detailType()).isEqualTo("OrderUpdated");
        JsonNode detail = Json.toTree(updated.detail());
        assertThat(detail.get("action").asText()).isEqualTo("RULES_APPLIED");
        assertThat(detail.at("/old/priority").asInt()).isZero();
        assertThat(detail.at("/new/priority").asInt()).isEqualTo(5);
        assertThat(detail.get("changed").toString()).isEqualTo("[\"priority\"]");
        assertThat(detail.at("/details/ruleSetVersion").asInt()).isEqualTo(3);
    }
}
