package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockLevel;
import com.creatorflow.shared.inventory.domain.WaitingOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 200 orders race for the last 50 units of one SKU through real Dynoxide transactions: exactly 50 are reserved and
 * 150 wait, no observer ever sees a negative or inconsistent count, and the movements add up to the stock.
 */
class ReservationConcurrencyIT {
    private static final int ORDERS = 200;
    private static final int UNITS = 50;
    private static final String SKU = "HOT-DROP-TEE";

    private final InventoryFixture fixture = new InventoryFixture();
    private final InventoryService service = fixture.service();
    private final InventoryRepository inventory = fixture.inventory();
    private final String tenant = TestStack.tenant();

    @Test
    void twoHundredOrdersCompetingForTheLastFiftyUnits() throws Exception {
        inventory.changeOnHand(tenant, SKU, "east", 30, MovementKind.ADJUST, "received", "test", null);
        inventory.changeOnHand(tenant, SKU, "west", 20, MovementKind.ADJUST, "received", "test", null);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(fixture.readyOrder(tenant, SKU));
        }

        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger observations = new AtomicInteger();
        Thread observer = new Thread(() -> {
            while (racing.get()) {
                check(inventory.stock(tenant, SKU), violations);
                observations.incrementAndGet();
            }
        }, "stock-observer");
        observer.start();

        Map<String, String> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(ORDERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (Order order : orders) {
            futures.add(pool.submit(() -> {
                start.await();
                outcomes.put(order.orderId(), service.reservations().reserveOrder(tenant, order.orderId(), null).status());
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        racing.set(false);
        observer.join(10_000);

        assertThat(outcomes.values().stream().filter("RESERVED"::equals).count()).isEqualTo(UNITS);
        assertThat(outcomes.values().stream().filter("BACKORDERED"::equals).count()).isEqualTo(ORDERS - UNITS);
        assertThat(statesOf(orders, OrderState.RESERVED)).isEqualTo(UNITS);
        assertThat(statesOf(orders, OrderState.BACKORDERED)).isEqualTo(ORDERS - UNITS);
        assertThat(backorders()).hasSize(ORDERS - UNITS);
        assertThat(observations.get()).isPositive();
        assertThat(violations).isEmpty();
        SkuStock stock = inventory.stock(tenant, SKU);
        assertThat(stock.onHand()).isEqualTo(UNITS);
        assertThat(stock.reserved()).isEqualTo(UNITS);
        assertThat(stock.available()).isZero();
        assertReconciles(stock);
        long heldUnits = orders.stream().map(o -> inventory.reservations().reservation(tenant, o.orderId()))
                .flatMap(java.util.Optional::stream)
                .filter(r -> r.status() == ReservationStatus.HELD).mapToLong(Reservation::units).sum();
        assertThat(heldUnits).isEqualTo(UNITS);

        int movementsBefore = fixture.movements(tenant, SKU).size();
        for (Order order : orders) {
            service.reservations().reserveOrder(tenant, order.orderId(), null);
        }
        assertThat(fixture.movements(tenant, SKU)).as("a retried step reserves nothing twice")
                .hasSize(movementsBefore);
        assertThat(inventory.stock(tenant, SKU).reserved()).isEqualTo(UNITS);

        List<String> oldestTwenty = backorders().stream().limit(20).map(WaitingOrder::orderId).toList();
        List<String> resumed = service.stock().adjust(tenant, SKU, "east", 20, "restock from supplier", "user:test")
                .resumedOrders();
        assertThat(resumed).containsExactlyElementsOf(oldestTwenty);
        assertThat(statesOf(orders, OrderState.RESERVED)).isEqualTo(UNITS + 20);
        assertThat(backorders()).hasSize(ORDERS - UNITS - 20);
        SkuStock after = inventory.stock(tenant, SKU);
        assertThat(after.onHand()).isEqualTo(UNITS + 20);
        assertThat(after.available()).isZero();
        assertReconciles(after);
    }

    private static void check(SkuStock stock, List<String> violations) {
        for (StockLevel level : stock.locations()) {
            if (level.available() < 0) {
                violations.add("negative available at " + level.location() + ": " + level);
            }
            if (level.onHand() - level.reserved() != level.available()) {
                violations.add("onHand - reserved != available at " + level.location() + ": " + level);
            }
        }
        if (stock.reserved() > UNITS + 20) {
            violations.add("more reserved than ever arrived: " + stock.reserved());
        }
    }

    private void assertReconciles(SkuStock stock) {
        Map<String, long[]> totals = fixture.movementTotals(tenant, SKU);
        for (StockLevel level : stock.locations()) {
            assertThat(totals.get(level.location())).as("movements of " + level.location())
                    .containsExactly(level.onHand(), level.reserved());
        }
    }

    private long statesOf(List<Order> orders, OrderState state) {
        return orders.stream().map(o -> fixture.orders().get(tenant, o.orderId()).state())
                .filter(state::equals).count();
    }

    private List<WaitingOrder> backorders() {
        List<WaitingOrder> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<WaitingOrder> page = inventory.backorders().list(tenant, 100, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
