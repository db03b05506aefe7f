package com.creatorflow.shared.validation;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.validation.domain.OrderValidator;
import com.creatorflow.shared.validation.domain.ValidationIssue;
import com.creatorflow.shared.validation.domain.WorkflowTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Validate step of the fulfilment workflow: reload the order, validate it, and move it to READY. While TikTok's
 * hold window runs it answers {@code holdUntil} and changes nothing (the workflow waits, then validates again). An
 * invalid order fails with {@link ValidationFailed} naming the first field at fault; the workflow's catch sends it to
 * NEEDS_ATTENTION with the full list.
 */
public final class OrderValidationService {
    /** Orders worth at least this (minor units of their currency) always go through review: $500.00 by default. */
    public static final long DEFAULT_HIGH_VALUE_MINOR = 50_000;

    private final OrderRepository orders;
    private final Clock clock;
    private final long highValueMinor;
    private final Function<String, Duration> holdWindows;

    /** Validation with TikTok's one-hour hold window for every tenant. */
    public OrderValidationService(OrderRepository orders, Clock clock, long highValueMinor) {
        this(orders, clock, highValueMinor, tenant -> OrderValidator.HOLD_WINDOW);
    }

    /**
     * @param orders the orders
     * @param clock the clock
     * @param highValueMinor orders worth at least this are always reviewed
     * @param holdWindows each tenant's hold window (its shipping settings)
     */
    public OrderValidationService(OrderRepository orders, Clock clock, long highValueMinor,
                                  Function<String, Duration> holdWindows) {
        this.orders = orders;
        this.clock = clock;
        this.highValueMinor = highValueMinor;
        this.holdWindows = holdWindows;
    }

    /**
     * The step's answer.
     *
     * @param state the order's state afterwards
     * @param version the order's version afterwards
     * @param holdUntil when to validate again (null when the order is ready)
     * @param template the workflow template the order takes
     * @param shippingType who ships it: {@code TIKTOK} (TikTok Shipping: the workflow arranges TikTok's shipment
     *     and buys no label) or {@code SELLER} (we buy the label); the workflow chooses its shipping branch by it
     */
    public record Outcome(OrderState state, long version, Instant holdUntil, WorkflowTemplate template,
                          String shippingType) {
        Outcome(Order order, OrderState state, long version, Instant holdUntil, WorkflowTemplate template) {
            this(state, version, holdUntil, template, order.shippedByTikTok() ? Order.TIKTOK_SHIPPING : "SELLER");
        }
    }

    /** Validates and readies one order. */
    public Outcome validate(String tenantId, String orderId, String actor) {
        Order order = orders.get(tenantId, orderId);
        WorkflowTemplate template = WorkflowTemplate.of(order, highValueMinor);
        if (Lifecycle.isPastValidation(order.state())) {
            return new Outcome(order, order.state(), order.version(), null, template);
        }
        Instant now = clock.instant();
        OrderValidator.Result result = OrderValidator.validate(order, now, holdWindows.apply(tenantId));
        if (!result.valid()) {
            ValidationIssue first = result.issues().get(0);
            throw new ValidationFailed(first.field(), describe(result.issues()));
        }
        if (result.holdUntil() != null) {
            return new Outcome(order, order.state(), order.version(), result.holdUntil(), template);
        }
        if (order.state() == OrderState.READY) {
            return new Outcome(order, order.state(), order.version(), null, template);
        }
        Order ready = orders.transition(order, OrderState.READY, actor, "validated: paid, hold window over, "
                + "address and totals complete", Map.of("checks", List.of("lines", "totals", "address", "hold")),
                b -> b);
        return new Outcome(ready, ready.state(), ready.version(), null, template);
    }

    private static String describe(List<ValidationIssue> issues) {
        StringBuilder text = new StringBuilder("the order cannot be fulfilled: ");
        for (int i = 0; i < issues.size(); i++) {
            if (i > 0) {
                text.append("; ");
            }
            text.append(issues.get(i).message()).append(" (").append(issues.get(i).field()).append(')');
        }
        return text.toString();
    }
}
