package com.creatorflow.shared.inventory.testing;

import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.testing.RecordingPublisher;
import com.creatorflow.shared.testing.RecordingTaskTokens;
import com.creatorflow.shared.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inventory wired to the test stack with recording events and signals, plus helpers to make READY orders and to
 * add a SKU's movements up.
 */
public final class InventoryFixture {
    private final OrderRepository orders;
    private final InventoryRepository inventory;
    private final RecordingPublisher events = new RecordingPublisher();
    private final RecordingTaskTokens tokens = new RecordingTaskTokens();
    private final InventoryService service;

    /** A fixture on the test stack with the system clock. */
    public InventoryFixture() {
        this(Clock.systemUTC(), InventoryRepository.MAX_TRANSACT_ITEMS);
    }

    /**
     * A fixture with a given clock (reservation expiry) and transaction size.
     *
     * @param clock the clock of the service and the repository
     * @param maxTransactItems the most actions per transaction
     */
    public InventoryFixture(Clock clock, int maxTransactItems) {
        TestStack stack = TestStack.get();
        orders = OrderRepository.fromEnv(stack.env());
        inventory = new InventoryRepository(stack.env().aws().dynamo(), stack.env().require("INVENTORY_TABLE"),
                clock, maxTransactItems);
        service = new InventoryService(inventory, orders, events, tokens, clock, Duration.ofHours(6));
    }

    public OrderRepository orders() {
        return orders;
    }

    public InventoryRepository inventory() {
        return inventory;
    }

    public InventoryService service() {
        return service;
    }

    public RecordingPublisher events() {
        return events;
    }

    public RecordingTaskTokens tokens() {
        return tokens;
    }

    /** Stores a READY order of a tenant with these units per SKU. */
    public Order readyOrder(String tenant, Map<String, Integer> units) {
        List<LineItem> lines = new ArrayList<>();
        units.forEach((sku, quantity) -> lines.add(new LineItem(sku, "p-" + sku, "Product " + sku, "Default",
                quantity, Money.parse("10.00", "USD"), List.of())));
        Order order = Orders.sample(tenant).toBuilder().state(OrderState.READY).lines(lines).build();
        return orders.create(order, "system:test", "ready for reservation");
    }

    /** Stores a READY order of one unit of one SKU. */
    public Order readyOrder(String tenant, String sku) {
        return readyOrder(tenant, Map.of(sku, 1));
    }

    /** Every movement of a SKU, newest first. */
    public List<Movement> movements(String tenant, String sku) {
        List<Movement> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Movement> page = inventory.movements(tenant, sku, 100, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** A SKU's movements added up per location: [onHand, reserved]. */
    public Map<String, long[]> movementTotals(String tenant, String sku) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        for (Movement m : movements(tenant, sku)) {
            long[] sum = totals.computeIfAbsent(m.location(), k -> new long[2]);
            sum[0] += m.onHandDelta();
            sum[1] += m.reservedDelta();
        }
        return totals;
    }
}
