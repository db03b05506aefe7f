package com.creatorflow.shared.store;

import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.AuditVerification;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.testing.TestStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tampering with the stored audit trail is detected by the verifier. */
class AuditChainIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final DynamoDbClient dynamo = stack.env().aws().dynamo();
    private final String auditTable = stack.tables().get("AuditLogTable");
    private final String tenant = TestStack.tenant();
    private Order order;

    @BeforeEach
    void fourEntries() {
        Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order ready = orders.transition(created, OrderState.READY, "workflow:test", "validated");
        Order reserved = orders.transition(ready, OrderState.RESERVED, "workflow:test", "reserved");
        order = orders.transition(reserved, OrderState.LABELED, "workflow:test", "labelled");
    }

    @Test
    void anUntouchedChainIsIntact() {
        AuditVerification result = orders.verifyAudit(order);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(4);
    }

    @Test
    void aChangedEntryIsDetected() {
        dynamo.updateItem(r -> r.tableName(auditTable).key(key(3))
                .updateExpression("SET reason = :r")
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromS("nothing to see"))));
        assertThat(orders.verifyAudit(order).problems()).anyMatch(p -> p.contains("entry 3 was altered"));
    }

    @Test
    void aRemovedEntryInTheMiddleIsDetected() {
        dynamo.deleteItem(r -> r.tableName(auditTable).key(key(2)));
        assertThat(orders.verifyAudit(order).problems()).anyMatch(p -> p.contains("entry 2 is missing"));
    }

    @Test
    void aRemovedLastEntryIsDetected() {
        dynamo.deleteItem(r -> r.tableName(auditTable).key(key(4)));
        assertThat(orders.verifyAudit(order).problems())
                .anyMatch(p -> p.contains("version 4") && p.contains("ends at entry 3"));
    }

    @Test
    void aRewrittenEntryWithARecomputedHashStillBreaksTheChain() {
        AuditRecord original = orders.history(tenant, order.orderId()).get(1);
        AuditRecord forged = AuditRecord.of(original.orderKey(), original.seq(), original.at(), "user:mallory",
                original.action(), original.from(), original.to(), "forged", null, original.prevHash());
        dynamo.putItem(r -> r.tableName(auditTable).item(orders.audit().appendPut(forged, null).item()));
        assertThat(orders.verifyAudit(order).problems())
                .anyMatch(p -> p.contains("entry 3 does not follow"));
    }

    private Map<String, AttributeValue> key(long seq) {
        return Map.of("orderKey", AttributeValue.fromS(AuditLog.orderKey(tenant, order.orderId())),
                "seq", AttributeValue.fromN(Long.toString(seq)));
    }
}
