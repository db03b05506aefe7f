package com.creatorflow.shared.store;

import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Buyer;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.testing.MutableClock;
import com.creatorflow.shared.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Order listings against the local DynamoDB: every filter, search and sort, and the never-empty page rule. */
class OrderListingIT {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final TestStack stack = TestStack.get();
    private final MutableClock clock = new MutableClock(T0);
    private final DynamoDbClient dynamo = stack.env().aws().dynamo();
    private final String table = stack.tables().get("OrdersTable");
    private final OrderRepository orders = new OrderRepository(dynamo, table, stack.tables().get("AuditLogTable"),
            PiiCipher.fromEnv(stack.env()), clock);
    private final String tenant = TestStack.tenant();

    /** Creates an order an hour after the previous one. */
    private Order create(Order order) {
        clock.advance(Duration.ofHours(1));
        return orders.create(order, "system:test", "imported");
    }

    private List<String> ids(OrderQuery query) {
        return ids(query, 100);
    }

    private List<String> ids(OrderQuery query, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Page<Order> page = orders.search(tenant, query, limit, cursor);
            page.items().forEach(order -> ids.add(order.orderId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private static ShipmentPackage parcel(String carrier, String tracking) {
        return new ShipmentPackage("P-" + Orders.newOrderId(), List.of(), "LABELED", carrier, "GROUND", tracking,
                null, null);
    }

    @Test
    void filtersByCreatedAndPaidRangesAndSortsByCreatedOrUpdated() {
        Order first = create(Orders.sample(tenant).toBuilder().paidAt(T0.plus(Duration.ofDays(3))).build());
        Order second = create(Orders.sample(tenant).toBuilder().paidAt(T0.plus(Duration.ofDays(1))).build());
        Order unpaid = create(Orders.sample(tenant).toBuilder().paidAt(null).build());
        clock.advance(Duration.ofHours(1));
        orders.transition(first, OrderState.READY, "workflow:test", "validated");

        assertThat(ids(OrderQuery.builder().sort(OrderQuery.Sort.CREATED).build()))
                .containsExactly(unpaid.orderId(), second.orderId(), first.orderId());
        assertThat(ids(OrderQuery.all())).containsExactly(first.orderId(), unpaid.orderId(), second.orderId());
        assertThat(ids(OrderQuery.builder().created(T0.plus(Duration.ofMinutes(90)), T0.plus(Duration.ofHours(3)))
                .build())).containsExactly(second.orderId());
        assertThat(ids(OrderQuery.builder().created(T0, T0.plus(Duration.ofHours(3))).build()))
                .as("a created range lists by creation time").containsExactly(second.orderId(), first.orderId());
        assertThat(ids(OrderQuery.builder().created(T0.plus(Duration.ofMinutes(90)), null)
                .sort(OrderQuery.Sort.UPDATED).build()))
                .as("by last change, created from a time").containsExactly(unpaid.orderId(), second.orderId());
        assertThat(ids(OrderQuery.builder().paid(T0, T0.plus(Duration.ofDays(10))).build()))
                .as("a paid range lists paid orders by payment time, newest first")
                .containsExactly(first.orderId(), second.orderId());
        assertThat(ids(OrderQuery.builder().paid(T0, T0.plus(Duration.ofDays(2))).sort(OrderQuery.Sort.CREATED)
                .build())).containsExactly(second.orderId());
        assertThat(ids(OrderQuery.builder().state(OrderState.RECEIVED).sort(OrderQuery.Sort.CREATED)
                .created(T0, T0.plus(Duration.ofDays(1))).build()))
                .containsExactly(unpaid.orderId(), second.orderId());
    }

    @Test
    void filtersByCarrierTikTokStatusAndNeedsAttention() {
        Order ups = create(Orders.sample(tenant).toBuilder().packages(List.of(parcel("UPS", "1Z999AA10123456784")))
                .build());
        Order cancelled = create(Orders.sample(tenant).toBuilder().tiktokStatus(TikTokOrderStatus.CANCELLED).build());
        Order stuck = create(Orders.sample(tenant));
        orders.transition(stuck, OrderState.NEEDS_ATTENTION, "workflow:test", "no stock");

        assertThat(ids(OrderQuery.builder().carrier("UPS").build())).containsExactly(ups.orderId());
        assertThat(ids(OrderQuery.builder().carrier("USPS").build())).isEmpty();
        assertThat(ids(OrderQuery.builder().tiktokStatus(TikTokOrderStatus.CANCELLED).build()))
                .containsExactly(cancelled.orderId());
        assertThat(ids(OrderQuery.builder().needsAttention(true).build())).containsExactly(stuck.orderId());
        assertThat(ids(OrderQuery.builder().needsAttention(true).sort(OrderQuery.Sort.CREATED).build()))
                .containsExactly(stuck.orderId());
        assertThat(ids(OrderQuery.builder().needsAttention(false).build()))
                .containsExactlyInAnyOrder(ups.orderId(), cancelled.orderId());
        assertThatThrownBy(() -> ids(OrderQuery.builder().needsAttention(true).state(OrderState.READY).build()))
                .isInstanceOfSatisfying(ValidationFailed.class,
                        e -> assertThat(e.field()).isEqualTo("needsAttention"));
    }

    @Test
    void findsByTrackingNumberIgnoringSpacesAndFollowsAChangedNumber() {
        Order order = create(Orders.sample(tenant).toBuilder()
                .packages(List.of(parcel("UPS", "1Z999AA10123456784"), parcel("UPS", "1Z999AA10123456795")))
                .build());
        create(Orders.sample(tenant));
        assertThat(ids(OrderQuery.builder().trackingNumber("1z 999 aa1-0123456795").build()))
                .containsExactly(order.orderId());

        Order relabelled = orders.update(order, "workflow:test", "RELABELLED", "new label", null,
                b -> b.packages(List.of(parcel("USPS", "9400111899223197428490"))));
        assertThat(ids(OrderQuery.builder().trackingNumber("1Z999AA10123456784").build())).isEmpty();
        assertThat(ids(OrderQuery.builder().trackingNumber("9400111899223197428490").build()))
                .containsExactly(relabelled.orderId());
        assertThat(dynamo.getItem(r -> r.tableName(table).key(Map.of(
                "tenantId", AttributeValue.fromS(tenant + "#find#trk#1Z999AA10123456784"),
                "orderId", AttributeValue.fromS(order.orderId())))).hasItem())
                .as("the old tracking number's lookup entry was deleted with the change").isFalse();
    }

    @Test
    void findsByBuyerNameOrPhoneThroughABlindIndexThatStoresNoPlaintext() {
        Address address = new Address("Ana María López", "+1 (415) 555-0199", "1 Main St", null, "San Francisco",
                "CA", "94105", "US");
        Order ana = create(Orders.sample(tenant).toBuilder().pii(new Pii(new Buyer("77", "Ana María López",
                "ana@relay.example", null), address)).build());
        Order jamie = create(Orders.sample(tenant));

        assertThat(ids(OrderQuery.builder().buyer("  ana MARÍA   lópez ").build())).containsExactly(ana.orderId());
        assertThat(ids(OrderQuery.builder().buyer("415-555-0199").build())).containsExactly(ana.orderId());
        assertThat(ids(OrderQuery.builder().buyer("Jamie Rivera").build())).containsExactly(jamie.orderId());
        assertThat(ids(OrderQuery.builder().buyer("Ana").build())).isEmpty();
        assertThat(ids(OrderQuery.builder().buyer("Ana María López").state(OrderState.READY).build())).isEmpty();
        assertThat(orders.search(TestStack.tenant(), OrderQuery.builder().buyer("Ana María López").build(), 10, null)
                .items()).as("another tenant's blind index differs").isEmpty();

        var items = dynamo.scanPaginator(r -> r.tableName(table)).items();
        for (Map<String, AttributeValue> item : items) {
            String text = item.toString();
            if (item.get("tenantId").s().startsWith(tenant + "#find#")) {
                assertThat(text.toLowerCase()).doesNotContain("ana maría lópez", "4155550199", "555-0199");
            }
            if (item.get("tenantId").s().equals(tenant) && item.containsKey("pii")) {
                assertThat(new String(item.get("pii").b().asByteArray(), StandardCharsets.ISO_8859_1))
                        .doesNotContain("Ana María", "555-0199");
            }
        }
    }

    @Test
    void aRareFilterStillFillsThePageInsteadOfAnsweringAnEmptyOneWithACursor() {
        Order early = create(Orders.sample(tenant).toBuilder().packages(List.of(parcel("DHL", "JD014600003828"))).build());
        for (int i = 0; i < 250; i++) {
            create(Orders.sample(tenant));
        }
        var raw = dynamo.query(r -> r.tableName(table).indexName("byUpdated")
                .keyConditionExpression("tenantId = :t").filterExpression("contains(carriers, :c)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenant), ":c", AttributeValue.fromS("DHL")))
                .scanIndexForward(false).limit(10));
        assertThat(raw.items()).as("a plain filtered Query answers an empty page here").isEmpty();

        Page<Order> page = orders.search(tenant, OrderQuery.builder().carrier("DHL").build(), 10, null);
        assertThat(page.items()).extracting(Order::orderId).containsExactly(early.orderId());
        assertThat(page.nextCursor()).isNull();

        Page<Order> first = orders.search(tenant, OrderQuery.builder().tag("live-drop").build(), 100, null);
        assertThat(first.items()).hasSize(100);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(ids(OrderQuery.builder().tag("live-drop").build(), 100)).hasSize(251).doesNotHaveDuplicates();
    }

    @Test
    void aCursorIsOnlyAcceptedForTheListingThatIssuedIt() {
        for (int i = 0; i < 3; i++) {
            create(Orders.sample(tenant));
        }
        String cursor = orders.search(tenant, OrderQuery.all(), 1, null).nextCursor();
        assertThat(cursor).isNotNull();
        assertThatThrownBy(() -> orders.search(tenant, OrderQuery.builder().sort(OrderQuery.Sort.CREATED).build(),
                1, cursor)).isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.field())
                        .isEqualTo("cursor"));
        assertThatThrownBy(() -> orders.search(TestStack.tenant(), OrderQuery.all(), 1, cursor))
                .isInstanceOf(ValidationFailed.class);
    }
}
