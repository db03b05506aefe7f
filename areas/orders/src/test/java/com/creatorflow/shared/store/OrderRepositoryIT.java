package com.creatorflow.shared.store;

import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.OrderAlreadyExists;
import com.creatorflow.shared.error.OrderNotFound;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class OrderRepositoryIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final DynamoDbClient dynamo = stack.env().aws().dynamo();
    private final String tenant = TestStack.tenant();

    @Test
    void createsAndReadsBackTheWholeOrder() {
        Order sample = Orders.sample(tenant);
        Order created = orders.create(sample, "system:test", "imported");
        assertThat(created.version()).isEqualTo(1);
        Order read = orders.get(tenant, sample.orderId());
        assertThat(read).isEqualTo(created);
        assertThat(read.pii().shippingAddress().line1()).isEqualTo("1200 Sunset Blvd");
        assertThat(read.lines()).hasSize(2);
        assertThat(orders.history(tenant, sample.orderId())).singleElement()
                .satisfies(entry -> assertThat(entry.action()).isEqualTo("CREATED"));
    }

    @Test
    void theCreationsPutsWrittenInABatchStoreTheSameOrderItsTrailAndLookups() {
        Order sample = Orders.sample(tenant);
        List<Put> puts = orders.creationPuts(sample, "system:test",
                "bulk");
        assertThat(puts.size()).as("order, audit entry and at least one lookup").isGreaterThan(2);
        Map<String, List<WriteRequest>> batch = new HashMap<>();
        puts.forEach(put -> batch.computeIfAbsent(put.tableName(), t -> new ArrayList<>()).add(
                WriteRequest.builder().putRequest(r -> r.item(
                        put.item())).build()));
        dynamo.batchWriteItem(r -> r.requestItems(batch));

        Order read = orders.get(tenant, sample.orderId());
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.pii().shippingAddress().line1()).isEqualTo("1200 Sunset Blvd");
        assertThat(orders.verifyAudit(read).intact()).isTrue();
        assertThat(orders.search(tenant, OrderQuery.builder().sku(sample.lines().get(0).sku()).build(), 50, null)
                .items()).extracting(Order::orderId).contains(sample.orderId());
    }

    @Test
    void aDuplicateCreateIsRefusedAndChangesNothing() {
        Order sample = orders.create(Orders.sample(tenant), "system:test", "first");
        assertThatThrownBy(() -> orders.create(sample, "system:test", "again"))
                .isInstanceOf(OrderAlreadyExists.class);
        assertThat(orders.history(tenant, sample.orderId())).hasSize(1);
    }

    @Test
    void createRefusesAStateThatIsNotAnEntryStateAndStoresNothing() {
        Order labelled = Orders.sample(tenant).toBuilder().state(OrderState.LABELED).build();
        assertThatThrownBy(() -> orders.create(labelled, "system:test", "imported"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LABELED");
        assertThat(orders.find(tenant, labelled.orderId())).isEmpty();
    }

    @Test
    void personalDataIsNeverStoredInClear() {
        Order sample = orders.create(Orders.sample(tenant), "system:test", "imported");
        Map<String, AttributeValue> raw = dynamo.getItem(r -> r.tableName(stack.tables().get("OrdersTable"))
                .key(Map.of("tenantId", AttributeValue.fromS(tenant),
                        "orderId", AttributeValue.fromS(sample.orderId())))).item();
        String document = OrderItemMapper.document(raw);
        String everything = raw.toString() + document
                + new String(raw.get("pii").b().asByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(everything).doesNotContain("Jamie").doesNotContain("Sunset").doesNotContain("555 0142")
                .doesNotContain("buyer@relay");
        assertThat(document).contains("TEE-BLK-M").contains("\"country\":\"US\"");
    }

    @Test
    void theDocumentIsStoredDeflatedAndAnOrderWrittenWithThePlainOneIsStillRead() {
        Order sample = orders.create(Orders.sample(tenant), "system:test", "imported");
        String table = stack.tables().get("OrdersTable");
        Map<String, AttributeValue> key = Map.of("tenantId", AttributeValue.fromS(tenant),
                "orderId", AttributeValue.fromS(sample.orderId()));
        Map<String, AttributeValue> raw = new java.util.HashMap<>(dynamo.getItem(r -> r.tableName(table).key(key))
                .item());
        String document = OrderItemMapper.document(raw);
        assertThat(raw).doesNotContainKey("doc");
        assertThat(raw.get(OrderItemMapper.DOCUMENT).b().asByteArray().length)
                .isLessThan(document.getBytes(StandardCharsets.UTF_8).length * 2 / 3);

        raw.remove(OrderItemMapper.DOCUMENT);
        raw.put("doc", AttributeValue.fromS(document));
        dynamo.putItem(r -> r.tableName(table).item(raw));
        assertThat(orders.get(tenant, sample.orderId())).isEqualTo(sample);
    }

    @Test
    void anotherTenantCannotSeeTheOrder() {
        Order sample = orders.create(Orders.sample(tenant), "system:test", "imported");
        String intruder = TestStack.tenant();
        assertThat(orders.find(intruder, sample.orderId())).isEmpty();
        assertThatThrownBy(() -> orders.get(intruder, sample.orderId())).isInstanceOf(OrderNotFound.class);
        assertThat(orders.listRecent(intruder, 50, null).items()).isEmpty();
        assertThat(orders.history(intruder, sample.orderId())).isEmpty();
    }

    @Test
    void itemsWrittenAlongsideAChangeCommitOrFailWithIt() {
        String table = stack.tables().get("IdempotencyTable");
        Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
        String taken = "alongside-" + created.orderId();
        dynamo.putItem(r -> r.tableName(table).item(Map.of("id", AttributeValue.fromS(taken))));
        TransactWriteItem refused = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(Map.of("id", AttributeValue.fromS(taken))).conditionExpression("attribute_not_exists(id)"))
                .build();

        assertThatThrownBy(() -> orders.transition(created, OrderState.READY, "system:test", "checked", null,
                b -> b, List.of(refused))).isInstanceOf(TransactionCanceledException.class);
        assertThat(orders.get(tenant, created.orderId())).isEqualTo(created);
        assertThat(orders.history(tenant, created.orderId())).hasSize(1);

        String fresh = "alongside-new-" + created.orderId();
        Order moved = orders.transition(created, OrderState.READY, "system:test", "checked", null, b -> b,
                List.of(TransactWriteItem.builder().put(p -> p.tableName(table)
                        .item(Map.of("id", AttributeValue.fromS(fresh)))
                        .conditionExpression("attribute_not_exists(id)")).build()));
        assertThat(moved.state()).isEqualTo(OrderState.READY);
        assertThat(dynamo.getItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS(fresh))))
                .hasItem()).isTrue();
    }

    @Test
    void aTransitionWritesTheOrderAndItsAuditEntryTogether() {
        Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order ready = orders.transition(created, OrderState.READY, "workflow:test", "validated");
        Order reserved = orders.transition(ready, OrderState.RESERVED, "workflow:test", "stock reserved");
        assertThat(reserved.version()).isEqualTo(3);
        assertThat(orders.get(tenant, created.orderId()).state()).isEqualTo(OrderState.RESERVED);
        List<AuditRecord> trail = orders.history(tenant, created.orderId());
        assertThat(trail).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L);
        assertThat(trail.get(2).from()).isEqualTo("READY");
        assertThat(trail.get(2).to()).isEqualTo("RESERVED");
        assertThat(trail.get(2).reason()).isEqualTo("stock reserved");
        assertThat(orders.verifyAudit(reserved).intact()).isTrue();
    }

    @Test
    void anIllegalTransitionIsRefusedAndNothingIsWritten() {
        Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
        assertThatThrownBy(() -> orders.transition(created, OrderState.DELIVERED, "user:x", "skip ahead"))
                .isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("RECEIVED").hasMessageContaining("DELIVERED");
        assertThat(orders.get(tenant, created.orderId()).version()).isEqualTo(1);
        assertThat(orders.history(tenant, created.orderId())).hasSize(1);
    }

    @Test
    void aStaleWriteGetsAVersionConflict() {
        Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
        orders.transition(created, OrderState.READY, "workflow:a", "validated");
        assertThatThrownBy(() -> orders.transition(created, OrderState.CANCELLED, "user:b", "buyer asked"))
                .isInstanceOf(VersionConflict.class).hasMessageContaining("expected version 1");
        assertThat(orders.get(tenant, created.orderId()).state()).isEqualTo(OrderState.READY);
    }

    @Test
    void aTransitionOfAMissingOrderIsNotFound() {
        Order ghost = Orders.sample(tenant).toBuilder().version(1).build();
        assertThatThrownBy(() -> orders.transition(ghost, OrderState.READY, "user:x", "?"))
                .isInstanceOf(OrderNotFound.class);
    }

    @Test
    void ofConcurrentTransitionsFromOneVersionExactlyOneWins() throws Exception {
        int writers = 16;
        for (int round = 0; round < 5; round++) {
            Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                OrderState target = i % 2 == 0 ? OrderState.READY : OrderState.CANCELLED;
                int writer = i;
                Callable<String> attempt = () -> {
                    start.await();
                    try {
                        orders.transition(created, target, "writer:" + writer, "race");
                        return "won";
                    } catch (VersionConflict conflict) {
                        return "conflict";
                    }
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            pool.shutdown();
            assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
            assertThat(outcomes).filteredOn("conflict"::equals).hasSize(writers - 1);
            Order after = orders.get(tenant, created.orderId());
            assertThat(after.version()).isEqualTo(2);
            assertThat(orders.history(tenant, created.orderId())).extracting(AuditRecord::seq)
                    .containsExactly(1L, 2L);
            assertThat(orders.verifyAudit(after).intact()).isTrue();
        }
    }

    @Test
    void needsAttentionRemembersWhereTheOrderCameFrom() {
        Order ready = orders.transition(orders.create(Orders.sample(tenant), "system:test", "imported"),
                OrderState.READY, "workflow:test", "validated");
        Order stuck = orders.transition(ready, OrderState.NEEDS_ATTENTION, "workflow:test", "carrier down");
        assertThat(stuck.attentionFrom()).isEqualTo(OrderState.READY);
        assertThat(stuck.attentionReason()).isEqualTo("carrier down");
        Order resumed = orders.transition(stuck, OrderState.RESERVED, "user:ops", "approved");
        assertThat(resumed.attentionFrom()).isNull();
    }

    @Test
    void updatesChangeDataWithoutMovingTheState() {
        Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order tagged = orders.update(created, "rule:vip", "TAGGED", "VIP buyer", Map.of("rule", "vip"),
                b -> b.tags(Set.of("vip")).priority(5));
        assertThat(tagged.state()).isEqualTo(OrderState.RECEIVED);
        assertThat(orders.get(tenant, created.orderId()).tags()).containsExactly("vip");
        assertThat(orders.history(tenant, created.orderId()).get(1).details()).contains("vip");
    }

    @Test
    void listsByStateAndByRecencyWithACursorScopedToTheTenant() {
        for (int i = 0; i < 5; i++) {
            Order created = orders.create(Orders.sample(tenant), "system:test", "imported");
            if (i < 3) {
                orders.transition(created, OrderState.READY, "workflow:test", "validated");
            }
        }
        assertThat(orders.listByState(tenant, OrderState.READY, 50, null).items()).hasSize(3);
        assertThat(orders.listByState(tenant, OrderState.RECEIVED, 50, null).items()).hasSize(2);
        Page<Order> first = orders.listRecent(tenant, 2, null);
        assertThat(first.items()).hasSize(2);
        assertThat(first.nextCursor()).isNotNull();
        Page<Order> second = orders.listRecent(tenant, 10, first.nextCursor());
        assertThat(second.items()).hasSize(3);
        assertThat(first.items().get(0).updatedAt()).isAfterOrEqualTo(first.items().get(1).updatedAt());
        assertThatThrownBy(() -> orders.listRecent(TestStack.tenant(), 10, first.nextCursor()))
                .isInstanceOf(ValidationFailed.class).hasMessageContaining("cursor");
    }
}
