package com.creatorflow.bench.chaos;

import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.domain.Allocation;
import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockLevel;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.store.AuditLog;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.AuditVerification;
import com.creatorflow.shared.store.domain.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * The checks after a chaos run, read through the restarted runtime's own endpoints (its Dynoxide for orders, audit,
 * inventory and analytics; its Step Functions API for executions) and the simulators' counts:
 * <ul>
 *   <li>{@code lost}: an order whose webhook was acknowledged (HTTP 200 to the sender) is not stored;</li>
 *   <li>{@code final-state}: a stored order is not where TikTok's status of it implies (an on-hold order paid and
 *       acknowledged must be SHIPPED and TikTok must know it; an order paid straight away waits READY for TikTok's
 *       hold hour; a cancelled one is CANCELLED; an unpaid one RECEIVED);</li>
 *   <li>{@code duplicate-label}: the carriers bought more than one label for an order;</li>
 *   <li>{@code duplicate-push}: TikTok accepted more than one shipment for an order;</li>
 *   <li>{@code audit-chain}: an order's hash-chained audit trail does not verify;</li>
 *   <li>{@code inventory}: on hand &lt; reserved or reserved &lt; 0, reserved units differ from the orders' held
 *       reservations, on hand differs from the opening stock less the committed units, the movements do not add up
 *       to the stock, or an order's reservation does not match its state;</li>
 *   <li>{@code analytics}: the tenant's counters differ from a recount of the audit trails (each order received
 *       once; every move into SHIPPED, CANCELLED, NEEDS_ATTENTION, DELIVERED or RETURNED);</li>
 *   <li>{@code stuck}: an order is mid-workflow without a RUNNING execution.</li>
 * </ul>
 */
final class Verification {
    private static final Set<OrderState> MID_WORKFLOW = EnumSet.of(OrderState.READY, OrderState.BACKORDERED,
            OrderState.RESERVED, OrderState.LABELED, OrderState.PARTIALLY_SHIPPED, OrderState.NEEDS_ATTENTION);
    private static final Set<TikTokOrderStatus> PAID = EnumSet.of(TikTokOrderStatus.AWAITING_SHIPMENT,
            TikTokOrderStatus.AWAITING_COLLECTION);
    /**
     * The analytics counter a move into each state adds to (AnalyticsService's names); "received" counts each order
     * once, at its first appearance, whatever state it was first stored in.
     */
    private static final Map<String, String> COUNTERS = Map.of("NEEDS_ATTENTION", "needsAttention", "SHIPPED",
            "shipped", "DELIVERED", "delivered", "CANCELLED", "cancelled", "RETURNED", "returned");

    private final RuntimeProcess runtime;
    private final Simulators world;
    private final RunReport report;
    private final OrderRepository orders;
    private final InventoryRepository inventory;

    Verification(RuntimeProcess runtime, Simulators world, RunReport report) {
        this.runtime = runtime;
        this.world = world;
        this.report = report;
        this.orders = OrderRepository.fromEnv(runtime.env("TikTokSyncFunction"));
        this.inventory = InventoryRepository.fromEnv(runtime.env("InventoryReserveFunction"));
    }

    /** Runs every check and prints the figures. */
    void run() {
        List.of("lost", "final-state", "duplicate-label", "duplicate-push", "audit-chain", "inventory", "analytics",
                "stuck").forEach(report::checked);
        String tenant = world.tenant();
        Map<String, Order> stored = new LinkedHashMap<>();
        String cursor = null;
        do {
            Page<Order> page = orders.listRecent(tenant, 100, cursor);
            page.items().forEach(order -> stored.put(order.orderId(), order));
            cursor = page.nextCursor();
        } while (cursor != null);
        Map<String, Set<TikTokOrderStatus>> acknowledged = world.acknowledged();
        TikTokShopSimulator tiktok = world.tiktok();
        report.figure("orders_created_at_tiktok", tiktok.orderIds(world.shop().id()).size(), "orders");
        report.figure("orders_acknowledged", acknowledged.size(), "orders");
        report.figure("orders_stored", stored.size(), "orders");

        Map<OrderState, Integer> states = new TreeMap<>();
        Map<String, Long> recount = new TreeMap<>();
        Instant firstEvent = Instant.now();
        for (Map.Entry<String, Set<TikTokOrderStatus>> entry : acknowledged.entrySet()) {
            if (!stored.containsKey(entry.getKey())) {
                report.violation("lost", entry.getKey() + " (acknowledged " + entry.getValue() + ", TikTok now "
                        + tiktok.status(entry.getKey()) + ") is not stored");
            }
        }
        for (Order listed : stored.values()) {
            Order order = orders.get(tenant, listed.orderId());
            states.merge(order.state(), 1, Integer::sum);
            checkState(order, acknowledged.getOrDefault(order.orderId(), Set.of()));
            checkRunning(order);
            List<AuditRecord> history = orders.history(tenant, order.orderId());
            AuditVerification audit = AuditLog.verify(history, order.version(), order.auditHead());
            if (!audit.intact()) {
                report.violation("audit-chain", order.orderId() + ": " + audit.problems());
            }
            recount.merge("received", 1L, Long::sum);
            for (AuditRecord entry : history) {
                boolean move = "CREATED".equals(entry.action()) || "TRANSITION".equals(entry.action());
                if (move && COUNTERS.containsKey(entry.to())) {
                    recount.merge(COUNTERS.get(entry.to()), 1L, Long::sum);
                }
                if (entry.at().isBefore(firstEvent)) {
                    firstEvent = entry.at();
                }
            }
        }
        states.forEach((state, count) -> report.figure("orders_" + state.name().toLowerCase(Locale.ROOT), count,
                "orders"));
        checkDuplicates();
        checkInventory(stored);
        checkAnalytics(recount, firstEvent);
    }

    /** Where an order must be, given TikTok's status of it and the webhooks our intake acknowledged. */
    private void checkState(Order order, Set<TikTokOrderStatus> acknowledged) {
        TikTokShopSimulator tiktok = world.tiktok();
        TikTokOrderStatus atTikTok = tiktok.status(order.orderId());
        boolean heardPaid = acknowledged.stream().anyMatch(PAID::contains) || order.state() != OrderState.RECEIVED;
        OrderState state = order.state();
        String problem = null;
        if (atTikTok == TikTokOrderStatus.CANCELLED) {
            boolean heardCancel = acknowledged.contains(TikTokOrderStatus.CANCELLED);
            if (state != OrderState.CANCELLED && (heardCancel || !EnumSet.of(OrderState.RECEIVED, OrderState.READY)
                    .contains(state))) {
                problem = "cancelled at TikTok but " + state;
            }
        } else if (atTikTok == TikTokOrderStatus.AWAITING_COLLECTION) {
            if (state != OrderState.SHIPPED) {
                problem = "shipped at TikTok but " + state;
            }
        } else if (atTikTok == TikTokOrderStatus.AWAITING_SHIPMENT && heardPaid) {
            if (tiktok.onHold(order.orderId())) {
                problem = "an on-hold order paid and acknowledged is " + state + " and TikTok has no shipment";
            } else if (state != OrderState.READY) {
                problem = "paid straight away (TikTok's hold hour runs) but " + state + ", not READY";
            }
        } else if (atTikTok != TikTokOrderStatus.AWAITING_SHIPMENT && state != OrderState.RECEIVED) {
            problem = "TikTok says " + atTikTok + " but " + state;
        }
        if (problem != null) {
            report.violation("final-state", order.orderId() + ": " + problem);
        }
    }

    /** An order mid-workflow needs its fulfilment execution RUNNING (waiting counts: for stock, a person, the hold). */
    private void checkRunning(Order order) {
        if (!MID_WORKFLOW.contains(order.state())) {
            return;
        }
        if (order.executionArn() == null) {
            report.violation("stuck", order.orderId() + " is " + order.state() + " with no workflow execution");
            return;
        }
        try {
            DescribeExecutionResponse execution = runtime.aws().stepFunctions()
                    .describeExecution(r -> r.executionArn(order.executionArn()));
            if (!"RUNNING".equals(execution.statusAsString())) {
                report.violation("stuck", order.orderId() + " is " + order.state() + " but its execution is "
                        + execution.statusAsString());
            }
        } catch (ExecutionDoesNotExistException e) {
            report.violation("stuck", order.orderId() + " is " + order.state() + " but its execution "
                    + order.executionArn() + " does not exist");
        }
    }

    private void checkDuplicates() {
        Map<String, EasyPostSimulator.LabelPurchases> labels = world.carriers().labelPurchases();
        long labelCalls = 0;
        long labelsBought = 0;
        for (Map.Entry<String, EasyPostSimulator.LabelPurchases> entry : labels.entrySet()) {
            labelCalls += entry.getValue().calls();
            labelsBought += entry.getValue().labels();
            if (entry.getValue().labels() > 1) {
                report.violation("duplicate-label", entry.getKey() + ": " + entry.getValue().labels()
                        + " labels bought");
            }
        }
        report.figure("label_purchase_calls", labelCalls, "calls");
        report.figure("labels_bought", labelsBought, "labels");
        long pushes = 0;
        long repeated = 0;
        for (Map.Entry<String, TikTokShopSimulator.ShipmentPushes> entry : world.tiktok().shipmentPushes()
                .entrySet()) {
            pushes += entry.getValue().calls();
            repeated += Math.max(0, entry.getValue().calls() - 1);
            if (entry.getValue().accepted() > 1) {
                report.violation("duplicate-push", entry.getKey() + ": TikTok accepted "
                        + entry.getValue().accepted() + " shipments");
            }
        }
        report.figure("tiktok_shipment_calls", pushes, "calls");
        report.figure("tiktok_shipment_calls_repeated", repeated, "calls");
        report.note("a repeated shipment call (answered 'already shipped', no effect at TikTok) happens when the "
                + "runtime died after TikTok accepted the push and before the order was stored SHIPPED");
    }

    private void checkInventory(Map<String, Order> stored) {
        String tenant = world.tenant();
        Map<String, Long> held = new HashMap<>();
        Map<String, Long> committed = new HashMap<>();
        for (Order order : stored.values()) {
            Optional<Reservation> reservation = inventory.reservations().reservation(tenant, order.orderId());
            ReservationStatus status = reservation.map(Reservation::status).orElse(null);
            Optional<String> mismatch = reservationMismatch(order.state(), status);
            mismatch.ifPresent(text -> report.violation("inventory", order.orderId() + " is " + order.state()
                    + " " + text));
            reservation.ifPresent(r -> {
                Map<String, Long> into = r.status() == ReservationStatus.HELD ? held
                        : r.status() == ReservationStatus.COMMITTED ? committed : null;
                if (into != null) {
                    for (Allocation line : r.lines()) {
                        into.merge(line.sku() + "@" + line.location(), (long) line.quantity(), Long::sum);
                    }
                }
            });
        }
        for (String sku : TikTokShopSimulator.sellerSkus()) {
            SkuStock stock = inventory.stock(tenant, sku);
            for (StockLevel level : stock.locations()) {
                String at = sku + "@" + level.location();
                if (level.reserved() < 0 || level.onHand() < level.reserved()
                        || level.available() != level.onHand() - level.reserved()) {
                    report.violation("inventory", at + ": on hand " + level.onHand() + ", reserved "
                            + level.reserved() + ", available " + level.available());
                }
                long wantReserved = held.getOrDefault(at, 0L);
                if (level.reserved() != wantReserved) {
                    report.violation("inventory", at + ": reserved " + level.reserved() + " but the held "
                            + "reservations add up to " + wantReserved);
                }
                long wantOnHand = Simulators.OPENING_STOCK - committed.getOrDefault(at, 0L);
                if (level.onHand() != wantOnHand) {
                    report.violation("inventory", at + ": on hand " + level.onHand() + " but opening stock less "
                            + "committed units is " + wantOnHand);
                }
                long[] sums = movementSums(tenant, sku, level.location());
                if (sums[0] != level.onHand() || sums[1] != level.reserved()) {
                    report.violation("inventory", at + ": movements add up to on hand " + sums[0] + ", reserved "
                            + sums[1] + " but the stock is " + level.onHand() + " / " + level.reserved());
                }
            }
        }
    }

    /** What reservation an order in a state must have, if it has something else. */
    private static Optional<String> reservationMismatch(OrderState state, ReservationStatus status) {
        return switch (state) {
            case SHIPPED -> status == ReservationStatus.COMMITTED ? Optional.empty()
                    : Optional.of("but its reservation is " + status + ", not COMMITTED");
            case RESERVED, LABELED -> status == ReservationStatus.HELD ? Optional.empty()
                    : Optional.of("but its reservation is " + status + ", not HELD");
            case RECEIVED, READY, CANCELLED -> status == null || status == ReservationStatus.RELEASED
                    || status == ReservationStatus.EXPIRED ? Optional.empty()
                    : Optional.of("but holds a " + status + " reservation");
            default -> Optional.empty();
        };
    }

    private long[] movementSums(String tenant, String sku, String location) {
        long onHand = 0;
        long reserved = 0;
        String cursor = null;
        do {
            Page<Movement> page = inventory.movements(tenant, sku, 100, cursor);
            for (Movement movement : page.items()) {
                if (movement.location().equals(location)) {
                    onHand += movement.onHandDelta();
                    reserved += movement.reservedDelta();
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return new long[] {onHand, reserved};
    }

    private void checkAnalytics(Map<String, Long> recount, Instant firstEvent) {
        AnalyticsService analytics = new AnalyticsService(runtime.aws().dynamo(),
                runtime.env("AnalyticsEventsFunction").require("ANALYTICS_TABLE"), orders);
        LocalDate from = LocalDate.ofInstant(firstEvent, ZoneOffset.UTC);
        LocalDate to = LocalDate.now(ZoneOffset.UTC);
        Map<String, Long> counted = analytics.report(world.tenant(), from.toString(), to.toString()).totals();
        List<String> names = new ArrayList<>(COUNTERS.values());
        names.add("received");
        for (String counter : names) {
            long want = recount.getOrDefault(counter, 0L);
            long got = counted.getOrDefault(counter, 0L);
            if (want != got) {
                report.violation("analytics", counter + ": counted " + got + ", recount of the audit trails " + want);
            }
        }
        report.figure("analytics_shipped_counted", counted.getOrDefault("shipped", 0L), "orders");
    }
}
