package com.creatorflow.shared.rules;

import com.creatorflow.shared.actions.OrderCancellations;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The creators' {@code autoCancelUnpaid} rules carried out. Unpaid orders never reach the fulfilment workflow (it
 * starts when an order is paid), so a schedule looks, per tenant whose active rules hold such an action, at the
 * orders still RECEIVED with TikTok status UNPAID ({@code byState} index, bounded pages), evaluates the active rules
 * on each at the sweep's time, and starts the cancellation workflow (void, release, cancel, tell TikTok) for those
 * stored longer ago than the deciding rule's {@code afterHours}. The cancellation's reason names the rule and the
 * rule set version. Starting is idempotent (execution {@code cancel-<orderId>}).
 */
public final class UnpaidOrderCanceller {
    /** The actor recorded on the cancellation: the rule's id follows. */
    public static final String ACTOR = "rule:autoCancelUnpaid:";
    private static final Logger LOG = LoggerFactory.getLogger(UnpaidOrderCanceller.class);
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 20;

    private final RulesService rules;
    private final OrderRepository orders;
    private final OrderCancellations cancellations;

    /**
     * @param rules the creators' rules
     * @param orders the orders
     * @param cancellations starts the cancellation workflow
     */
    public UnpaidOrderCanceller(RulesService rules, OrderRepository orders, OrderCancellations cancellations) {
        this.rules = rules;
        this.orders = orders;
        this.cancellations = cancellations;
    }

    /**
     * What a sweep did.
     *
     * @param tenants tenants looked at
     * @param checked unpaid orders evaluated
     * @param cancelled {@code tenant/order} of the orders whose cancellation was started
     * @param failures {@code tenant/order} (or tenant) to what went wrong; the next sweep tries again
     */
    public record Report(int tenants, int checked, List<String> cancelled, Map<String, String> failures) {
    }

    /** Sweeps the tenants' unpaid orders at a moment (the schedule's time). */
    public Report sweep(Collection<String> tenantIds, Instant now) {
        int checked = 0;
        List<String> cancelled = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (String tenant : tenantIds) {
            RuleSet ruleSet;
            try {
                ruleSet = rules.active(tenant);
            } catch (RuntimeException e) {
                failures.put(tenant, e.toString());
                continue;
            }
            boolean cancels = ruleSet.rules().stream().filter(Rule::enabled).flatMap(r -> r.actions().stream())
                    .anyMatch(RuleAction.AutoCancelUnpaid.class::isInstance);
            if (!cancels) {
                continue;
            }
            String cursor = null;
            int pages = 0;
            do {
                Page<Order> page = orders.unchangedSince(tenant, OrderState.RECEIVED, now, PAGE, cursor);
                for (Order order : page.items()) {
                    if (order.tiktokStatus() != TikTokOrderStatus.UNPAID) {
                        continue;
                    }
                    checked++;
                    try {
                        if (cancelIfDue(ruleSet, order, now)) {
                            cancelled.add(tenant + "/" + order.orderId());
                        }
                    } catch (CreatorFlowException e) {
                        failures.put(tenant + "/" + order.orderId(), e.getMessage());
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null && ++pages < MAX_PAGES);
        }
        LOG.info("unpaid-order sweep: {} tenants, {} unpaid orders checked, {} cancellations started, {} failed",
                tenantIds.size(), checked, cancelled.size(), failures.size());
        return new Report(tenantIds.size(), checked, List.copyOf(cancelled), failures);
    }

    private boolean cancelIfDue(RuleSet ruleSet, Order order, Instant now) {
        RuleDecision decision = rules.evaluate(ruleSet, order, now);
        Integer hours = decision.outcome().autoCancelAfterHours();
        Instant placed = order.createdAt();
        if (hours == null || placed == null || placed.plus(Duration.ofHours(hours)).isAfter(now)) {
            return false;
        }
        String ruleId = decision.outcome().decidedBy().get("autoCancelAfterHours");
        cancellations.cancel(order.tenantId(), order.orderId(), "unpaid " + hours + " hours after it was placed: "
                + "creator rule '" + ruleId + "' (rules v" + decision.ruleSetVersion() + ") cancels it", ACTOR + ruleId);
        return true;
    }
}
