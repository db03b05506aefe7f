package com.creatorflow.shared.tiktok.sync;

import com.creatorflow.shared.error.OrderAlreadyExists;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.lifecycle.TikTokStatusMapping;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.SyncOutcome;
import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.workflow.WorkflowStarter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings our copy of an order in line with TikTok's, given the order as just fetched from TikTok:
 * <ul>
 *   <li>unknown → stored at the state TikTok's status maps to;</li>
 *   <li>TikTok's {@code update_time} older than the one we applied → ignored (out of order), counted;</li>
 *   <li>otherwise the move {@link TikTokStatusMapping#moveFor} asks for, through legal lifecycle steps (a buyer's
 *       cancellation request changes nothing here: the creator or a rule decides it, and the order follows when
 *       TikTok cancels it); address and package changes are applied while the order is not yet shipped (packages
 *       always);</li>
 *   <li>an order that becomes READY gets its fulfilment workflow, named after the order id, so that a replay never
 *       starts a second one; the execution's ARN is written with the change that makes it READY (no write of its
 *       own); a newly cancelled order gets its cancellation workflow (which releases stock and voids labels).</li>
 * </ul>
 * Every write is versioned; a concurrent writer makes it re-read and re-decide.
 */
public final class OrderSync {
    private static final Logger LOG = LoggerFactory.getLogger(OrderSync.class);
    static final String ACTOR = "system:tiktok-sync";
    private static final int MAX_ATTEMPTS = 4;

    private final OrderRepository orders;
    private final WorkflowStarter fulfilment;
    private final WorkflowStarter cancellation;
    private final WorkflowStarter returns;

    /**
     * @param orders the order repository
     * @param fulfilment starts the fulfilment workflow
     * @param cancellation starts the cancellation workflow
     * @param returns starts the return workflow
     */
    public OrderSync(OrderRepository orders, WorkflowStarter fulfilment, WorkflowStarter cancellation,
                     WorkflowStarter returns) {
        this.orders = orders;
        this.fulfilment = fulfilment;
        this.cancellation = cancellation;
        this.returns = returns;
    }

    /** Applies TikTok's view of one order; {@code returned} is set when a return webhook brought it (else null). */
    public SyncOutcome apply(Shop shop, TikTokOrder fetched, ReturnEvent returned) {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(shop, fetched, returned);
            } catch (VersionConflict | OrderAlreadyExists race) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw race;
                }
            }
        }
    }

    private SyncOutcome applyOnce(Shop shop, TikTokOrder fetched, ReturnEvent returned) {
        Optional<Order> existing = orders.find(shop.tenantId(), fetched.orderId());
        if (existing.isEmpty()) {
            Order draft = fetched.order();
            draft = withWorkflow(draft.toBuilder(), draft).build();
            Order created = orders.create(draft, ACTOR, "imported from TikTok Shop (" + fetched.status() + ")");
            afterwards(created, null, returned);
            return SyncOutcome.CREATED;
        }
        Order current = existing.get();
        if (current.tiktokUpdatedAt() != null && fetched.updateTime() != null
                && fetched.updateTime().isBefore(current.tiktokUpdatedAt())) {
            Telemetry.count("SyncStaleIgnored");
            LOG.info("ignored TikTok data of {} from {}: we already applied {}", current.orderId(),
                    fetched.updateTime(), current.tiktokUpdatedAt());
            return SyncOutcome.STALE_IGNORED;
        }
        Optional<OrderState> target = target(current, fetched, returned != null && returned.open());
        Order merged = merge(current, fetched);
        boolean dataChanged = !sameTikTokData(current, merged);
        if (target.isEmpty()) {
            if (!dataChanged) {
                afterwards(current, current.state(), returned);
                return SyncOutcome.UNCHANGED;
            }
            Order updated = orders.update(current, ACTOR, "TIKTOK_UPDATE", "TikTok Shop changed the order ("
                    + fetched.status() + ")", null, b -> copyTikTokData(b, merged));
            afterwards(updated, current.state(), returned);
            return SyncOutcome.UPDATED;
        }
        List<OrderState> path = Lifecycle.legalPath(current, target.get());
        Order moved = current;
        if (path.isEmpty()) {
            LOG.warn("TikTok reports {} as {}, which our lifecycle cannot reach from {}", current.orderId(),
                    fetched.status(), current.state());
            if (!Lifecycle.allows(current.state(), OrderState.NEEDS_ATTENTION)) {
                if (!dataChanged) {
                    return SyncOutcome.UNCHANGED;
                }
                orders.update(current, ACTOR, "TIKTOK_UPDATE", "TikTok Shop changed the order", null,
                        b -> copyTikTokData(b, merged));
                return SyncOutcome.UPDATED;
            }
            path = List.of(OrderState.NEEDS_ATTENTION);
        }
        for (int i = 0; i < path.size(); i++) {
            boolean last = i == path.size() - 1;
            Order from = moved;
            OrderState to = path.get(i);
            moved = orders.transition(from, to, ACTOR, "TikTok Shop reports " + fetched.status()
                    + (fetched.buyerRequestedCancel() ? " with a buyer cancellation request" : ""), null,
                    last ? b -> withWorkflow(copyTikTokData(b, merged), from.toBuilder().state(to).build()) : b -> b);
        }
        afterwards(moved, current.state(), returned);
        return SyncOutcome.TRANSITIONED;
    }

    /** True when the order waits in RETURN_REQUESTED, so its return workflow should be parked. */
    boolean awaitsReturn(Shop shop, String orderId) {
        return orders.find(shop.tenantId(), orderId).map(o -> o.state() == OrderState.RETURN_REQUESTED).orElse(false);
    }

    private static Optional<OrderState> target(Order current, TikTokOrder fetched, boolean returnRequested) {
        if (returnRequested && Lifecycle.allows(current.state(), OrderState.RETURN_REQUESTED)) {
            return Optional.of(OrderState.RETURN_REQUESTED);
        }
        return TikTokStatusMapping.moveFor(current, fetched.status());
    }

    /** True before shipping; an order needing attention counts by the state it came from. */
    private static boolean notShipped(Order order) {
        OrderState state = order.state() == OrderState.NEEDS_ATTENTION ? order.attentionFrom() : order.state();
        return state != null && Lifecycle.isBeforeShipping(state);
    }

    /** TikTok's data over ours: status and times always; address only before shipping; packages merged. */
    private static Order merge(Order current, TikTokOrder fetched) {
        Order theirs = fetched.order();
        Order.Builder merged = current.toBuilder()
                .tiktokStatus(fetched.status())
                .tiktokUpdatedAt(fetched.updateTime())
                .paidAt(theirs.paidAt() != null ? theirs.paidAt() : current.paidAt())
                .onHoldOrder(theirs.onHoldOrder() || current.onHoldOrder())
                .shipBy(theirs.shipBy() != null ? theirs.shipBy() : current.shipBy())
                .deliveryOptionId(theirs.deliveryOptionId() != null ? theirs.deliveryOptionId()
                        : current.deliveryOptionId())
                .shippingType(theirs.shippingType() != null ? theirs.shippingType() : current.shippingType())
                .packages(mergePackages(current.packages(), theirs.packages()));
        if (notShipped(current) && theirs.pii() != null
                && theirs.pii().shippingAddress() != null) {
            merged.pii(theirs.pii()).shipTo(theirs.shipTo());
        }
        return merged.build();
    }

    /** Our packages stay (they carry labels); TikTok's update them when id or tracking number match, else add. */
    public static List<ShipmentPackage> mergePackages(List<ShipmentPackage> ours, List<ShipmentPackage> theirs) {
        Map<String, ShipmentPackage> merged = new LinkedHashMap<>();
        ours.forEach(p -> merged.put(p.packageId(), p));
        for (ShipmentPackage tiktok : theirs) {
            ShipmentPackage match = ours.stream().filter(p -> p.packageId().equals(tiktok.packageId())
                    || (p.trackingNumber() != null && p.trackingNumber().equals(tiktok.trackingNumber())))
                    .findFirst().orElse(null);
            if (match == null) {
                merged.put(tiktok.packageId(), tiktok);
            } else if (progress(tiktok.status()) > progress(match.status())) {
                merged.put(match.packageId(), new ShipmentPackage(match.packageId(), match.tiktokLineIds(),
                        tiktok.status(), match.carrier(), match.service(), match.trackingNumber(), match.labelId(),
                        match.shippedAt()));
            }
        }
        return new ArrayList<>(merged.values());
    }

    private static int progress(String packageStatus) {
        return List.of("PENDING", "LABELED", "SHIPPED", "IN_TRANSIT", "DELIVERED").indexOf(packageStatus);
    }

    private static boolean sameTikTokData(Order a, Order b) {
        return a.tiktokStatus() == b.tiktokStatus() && Objects.equals(a.tiktokUpdatedAt(), b.tiktokUpdatedAt())
                && Objects.equals(a.packages(), b.packages()) && Objects.equals(a.pii(), b.pii())
                && Objects.equals(a.shipTo(), b.shipTo()) && Objects.equals(a.paidAt(), b.paidAt())
                && a.onHoldOrder() == b.onHoldOrder()
                && Objects.equals(a.shipBy(), b.shipBy())
                && Objects.equals(a.deliveryOptionId(), b.deliveryOptionId())
                && Objects.equals(a.shippingType(), b.shippingType());
    }

    private static Order.Builder copyTikTokData(Order.Builder builder, Order merged) {
        return builder.tiktokStatus(merged.tiktokStatus()).tiktokUpdatedAt(merged.tiktokUpdatedAt())
                .packages(merged.packages()).pii(merged.pii()).shipTo(merged.shipTo()).paidAt(merged.paidAt())
                .onHoldOrder(merged.onHoldOrder())
                .shipBy(merged.shipBy())
                .deliveryOptionId(merged.deliveryOptionId())
                .shippingType(merged.shippingType());
    }

    /**
     * The fulfilment execution's ARN goes into the same write that makes an order READY: the name is derived from the
     * order id, so the ARN is known before the start, and the start that follows the write is retried until it
     * happens (see {@link #afterwards}).
     */
    private Order.Builder withWorkflow(Order.Builder builder, Order after) {
        if (after.state() == OrderState.READY && after.executionArn() == null) {
            builder.executionArn(fulfilment.executionArn(WorkflowStarter.executionName("order", after.orderId())));
        }
        return builder;
    }

    /**
     * Starts the workflow the order's state needs. A READY order's fulfilment is started on every sync that sees it
     * READY (a no-op once started: the execution name is the order's), so a start that failed after the order was
     * written is made by the message's retry. An order made READY before the ARN was written with that change gets
     * it recorded now.
     */
    private void afterwards(Order order, OrderState before, ReturnEvent returned) {
        if (order.state() == OrderState.READY) {
            Optional<String> started = fulfilment.start(WorkflowStarter.executionName("order", order.orderId()),
                    WorkflowStarter.fulfilmentInput(order.tenantId(), order.orderId(), order.shopId()));
            if (order.executionArn() == null) {
                started.ifPresent(arn -> orders.update(order, ACTOR, "WORKFLOW_STARTED",
                        "fulfilment workflow started", null, b -> b.executionArn(arn)));
            }
        } else if (order.state() == OrderState.CANCELLED && before != OrderState.CANCELLED) {
            cancellation.start(WorkflowStarter.executionName("cancel", order.orderId()),
                    Map.of("tenantId", order.tenantId(), "orderId", order.orderId(), "cancelledFrom",
                            before == null ? "NEW" : before.name(), "reason", "cancelled on TikTok Shop",
                            "initiator", "TIKTOK"));
        } else if (order.state() == OrderState.RETURN_REQUESTED && before != OrderState.RETURN_REQUESTED
                && returned != null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("tenantId", order.tenantId());
            input.put("orderId", order.orderId());
            input.put("returnId", String.valueOf(returned.returnId()));
            input.put("returnType", String.valueOf(returned.returnType()));
            returns.start(WorkflowStarter.executionName("return", order.orderId() + "-" + returned.returnId()), input);
        }
    }

}
