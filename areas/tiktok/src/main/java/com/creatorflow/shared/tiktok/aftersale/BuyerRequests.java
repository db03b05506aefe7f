package com.creatorflow.shared.tiktok.aftersale;

import com.creatorflow.shared.aftersale.BuyerRequestStore;
import com.creatorflow.shared.aftersale.domain.AlreadyDecided;
import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.aftersale.domain.BuyerRequestNotFound;
import com.creatorflow.shared.aftersale.domain.RejectReasons;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.PreconditionFailed;
import com.creatorflow.shared.error.ShopNotFound;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.TikTokUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.rules.RuleAction;
import com.creatorflow.shared.rules.RuleDecision;
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buyers' cancellation and return requests and the creator's decisions on them. A request arrives from TikTok (the
 * sync), is stored PENDING, and the creator's rules may answer it at once ({@code decideBuyerRequest}); otherwise
 * the creator approves or rejects it through the API. Each decision is sent to TikTok first, then stored and
 * written to the order's audit trail; TikTok's later status updates settle or withdraw the request.
 */
public final class BuyerRequests {
    private static final Logger LOG = LoggerFactory.getLogger(BuyerRequests.class);
    private static final Set<String> CANCELLATION_DONE = Set.of("CANCELLATION_REQUEST_SUCCESS",
            "CANCELLATION_REQUEST_COMPLETE");
    private static final Set<String> FINAL = Set.of("COMPLETED", "WITHDRAWN");
    private static final Set<String> RETURN_WITHDRAWN = Set.of("RETURN_OR_REFUND_REQUEST_CANCEL",
            "REJECT_RETURN_OR_REFUND_REQUEST", "RETURN_OR_REFUND_REQUEST_REJECT", "CLOSED");
    private static final Set<String> RETURN_SETTLED = Set.of("RETURN_OR_REFUND_REQUEST_COMPLETE",
            "RETURN_OR_REFUND_REQUEST_SUCCESS");

    /** TikTok Shop's side of a request: its details and the seller's decision, for the request's shop. */
    public interface TikTokDecisions {
        /** The buyer's reason for a request, from TikTok's search of that kind of request (null when none). */
        String reason(BuyerRequest request);

        /**
         * @param request the request decided
         * @param approve true to approve, false to reject
         * @param reason TikTok's reject reason name (rejections)
         * @param comment the creator's note, if any
         */
        void send(BuyerRequest request, boolean approve, String reason, String comment);
    }

    private final BuyerRequestStore store;
    private final OrderRepository orders;
    private final RulesService rules;
    private final TikTokDecisions tiktok;
    private final Clock clock;

    public BuyerRequests(BuyerRequestStore store, OrderRepository orders, RulesService rules,
                         TikTokDecisions tiktok, Clock clock) {
        this.store = store;
        this.orders = orders;
        this.rules = rules;
        this.tiktok = tiktok;
        this.clock = clock;
    }

    /**
     * The service of a function ({@code AFTERSALES_TABLE}, {@code RULES_TABLE}, the orders' tables): decisions go to
     * TikTok through the client, for the request's shop when it belongs to the request's tenant.
     */
    public static BuyerRequests fromEnv(Env env, ShopRegistry shops, TikTokShopClient client) {
        TikTokDecisions tiktok = new TikTokDecisions() {
            @Override
            public String reason(BuyerRequest request) {
                return client.buyerRequestReason(shop(request), collection(request), request.requestId());
            }

            @Override
            public void send(BuyerRequest request, boolean approve, String reason, String comment) {
                client.decideBuyerRequest(shop(request), collection(request), request.requestId(), approve, reason,
                        comment);
            }

            private Shop shop(BuyerRequest request) {
                return shops.find(request.shopId()).filter(s -> request.tenantId().equals(s.tenantId()))
                        .orElseThrow(() -> new ShopNotFound(request.shopId()));
            }

            private static String collection(BuyerRequest request) {
                return request.kind() == BuyerRequest.Kind.RETURN ? "returns" : "cancellations";
            }
        };
        return new BuyerRequests(BuyerRequestStore.fromEnv(env), OrderRepository.fromEnv(env),
                RulesService.fromEnv(env), tiktok, Clock.systemUTC());
    }

    /**
     * What TikTok reported about a request (webhook): stored when new, with the buyer's reason from TikTok's search
     * (PENDING while TikTok waits for the seller, then answered by a matching rule if there is one); a later status
     * settles or withdraws it.
     */
    public BuyerRequest reported(String tenantId, String shopId, BuyerRequest.Kind kind, String requestId,
                                 String orderId, String returnType, String tiktokStatus) {
        Optional<BuyerRequest> known = store.find(tenantId, kind, requestId);
        if (known.isEmpty()) {
            BuyerRequest draft = new BuyerRequest(tenantId, kind, requestId, orderId, shopId, returnType, null,
                    tiktokStatus, statusOf(kind, tiktokStatus, "PENDING"), null, clock.instant(), clock.instant(), 0);
            String reason = reasonOf(draft);
            BuyerRequest stored = store.createIfAbsent(new BuyerRequest(tenantId, kind, requestId, orderId, shopId,
                    returnType, reason, tiktokStatus, draft.status(), null, draft.createdAt(), draft.updatedAt(), 0));
            if (stored.version() == 1) {
                audit(stored, "system:tiktok-sync", kind.name() + "_REQUEST_RECEIVED", "the buyer asked for a "
                        + noun(kind) + " (" + requestId + ")", Map.of());
            }
            return stored.status().equals("PENDING") ? byRule(stored) : stored;
        }
        BuyerRequest current = known.get();
        String status = statusOf(kind, tiktokStatus, current.status());
        if (status.equals(current.status()) && String.valueOf(tiktokStatus).equals(current.tiktokStatus())) {
            return current.status().equals("PENDING") ? byRule(current) : current;
        }
        return store.save(current.with(status, tiktokStatus, current.decision(), clock.instant()));
    }

    /**
     * A creator's decision. Refused with 404 for an unknown request (another tenant's included), 400 naming
     * {@code reason} for a rejection without one of TikTok's reasons, 412 when {@code ifMatch} names another
     * version, 409 when the request no longer waits for a decision. TikTok is told before anything is stored.
     */
    public BuyerRequest decide(String tenantId, BuyerRequest.Kind kind, String requestId, boolean approve,
                               String reason, String comment, String actor, Long ifMatch) {
        BuyerRequest request = get(tenantId, kind, requestId);
        if (!approve && (reason == null || reason.isBlank())) {
            throw new ValidationFailed("reason", "reason is required to reject; one of "
                    + RejectReasons.of(kind).keySet());
        }
        if (!approve && !RejectReasons.known(kind, reason)) {
            throw new ValidationFailed("reason", "reason must be one of " + RejectReasons.of(kind).keySet());
        }
        if (approve && reason != null) {
            throw new ValidationFailed("reason", "reason is only for a rejection");
        }
        if (comment != null && comment.length() > 500) {
            throw new ValidationFailed("comment", "comment must be at most 500 characters");
        }
        if (ifMatch != null && ifMatch != request.version()) {
            throw new PreconditionFailed("If-Match names version " + ifMatch
                    + " but the stored version is " + request.version() + "; read it again");
        }
        if (!request.status().equals("PENDING")) {
            throw new AlreadyDecided(request);
        }
        tiktok.send(request, approve, approve ? null : reason, comment);
        BuyerRequest.Decision decision = new BuyerRequest.Decision(approve ? "APPROVE" : "REJECT",
                approve ? null : reason, comment, actor, clock.instant());
        BuyerRequest decided = recordDecision(request, decision, approve ? "APPROVED" : "REJECTED");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requestId", requestId);
        details.put("decision", decision.decision());
        if (!approve) {
            details.put("reason", reason);
        }
        audit(decided, actor, kind.name() + (approve ? "_REQUEST_APPROVED" : "_REQUEST_REJECTED"), (approve ? "approved" : "rejected")
                + " the buyer's " + noun(kind) + " " + requestId + (approve ? "" : " (" + reason + ")"), details);
        return decided;
    }

    /**
     * Stores a decision TikTok accepted. TikTok's own webhook about it may have been applied meanwhile (a newer
     * version, perhaps already COMPLETED): the decision then goes onto the newest version, keeping a final status.
     */
    private BuyerRequest recordDecision(BuyerRequest read, BuyerRequest.Decision decision, String status) {
        BuyerRequest latest = read;
        for (int attempt = 1; ; attempt++) {
            try {
                return store.save(latest.with(FINAL.contains(latest.status()) ? latest.status() : status,
                        latest.tiktokStatus(), decision, clock.instant()));
            } catch (PreconditionFailed moved) {
                if (attempt >= 3) {
                    throw moved;
                }
                latest = get(read.tenantId(), read.kind(), read.requestId());
            }
        }
    }

    /** The buyer's reason from TikTok; a search TikTok refuses or cannot answer leaves it unknown (logged). */
    private String reasonOf(BuyerRequest request) {
        try {
            return tiktok.reason(request);
        } catch (TikTokRejected | TikTokUnavailable e) {
            LOG.warn("no reason for {} {}: {}", request.kind(), request.requestId(), e.getMessage());
            return null;
        }
    }

    /** One request of a tenant, or 404. */
    public BuyerRequest get(String tenantId, BuyerRequest.Kind kind, String requestId) {
        return store.find(tenantId, kind, requestId).orElseThrow(() -> new BuyerRequestNotFound(kind, requestId));
    }

    /** A tenant's requests of a kind, filtered by status and/or order. */
    public Page<BuyerRequest> list(String tenantId, BuyerRequest.Kind kind, String status, String orderId, int limit,
                                   String cursor) {
        return store.list(tenantId, kind, status, orderId, limit, cursor);
    }

    private BuyerRequest byRule(BuyerRequest request) {
        Optional<Order> order = orders.find(request.tenantId(), request.orderId());
        if (order.isEmpty()) {
            return request;
        }
        RuleDecision decision = rules.evaluate(rules.active(request.tenantId()), order.get(), clock.instant());
        Optional<Map.Entry<String, RuleAction.DecideBuyerRequest>> rule = decision.buyerRequestRule(request.kind());
        if (rule.isEmpty()) {
            return request;
        }
        RuleAction.DecideBuyerRequest answer = rule.get().getValue();
        LOG.info("rule {} answers {} {} of order {}: {}", rule.get().getKey(), request.kind(), request.requestId(),
                request.orderId(), answer.decision());
        try {
            return decide(request.tenantId(), request.kind(), request.requestId(), answer.decision().equals("APPROVE"),
                    answer.reason(), null, "rule:" + rule.get().getKey(), null);
        } catch (TikTokRejected refused) {
            LOG.warn("TikTok refused rule {}'s decision on {} {}; it waits for the creator: {}", rule.get().getKey(),
                    request.kind(), request.requestId(), refused.getMessage());
            return request;
        }
    }

    /** An entry in the order's audit trail; the order may be changing meanwhile (TikTok's webhooks), so re-read. */
    private void audit(BuyerRequest request, String actor, String action, String reason, Map<String, Object> details) {
        for (int attempt = 1; ; attempt++) {
            Optional<Order> order = orders.find(request.tenantId(), request.orderId());
            if (order.isEmpty()) {
                return;
            }
            try {
                orders.update(order.get(), actor, action, reason, details, b -> b);
                return;
            } catch (VersionConflict moved) {
                if (attempt >= 5) {
                    throw moved;
                }
            }
        }
    }

    /** Our status for TikTok's: settled and withdrawn are final; a decided request stays decided until then. */
    static String statusOf(BuyerRequest.Kind kind, String tiktokStatus, String current) {
        if (FINAL.contains(current)) {
            return current;
        }
        String status = tiktokStatus == null ? "" : tiktokStatus.toUpperCase(Locale.ROOT);
        Optional<String> outcome = kind == BuyerRequest.Kind.RETURN ? returnOutcome(status)
                : CANCELLATION_DONE.contains(status) ? Optional.of("SETTLED")
                : status.equals("CANCELLATION_REQUEST_CANCELLED") ? Optional.of("WITHDRAWN") : Optional.empty();
        if (outcome.isEmpty()) {
            return current;
        }
        if (outcome.get().equals("SETTLED")) {
            return "COMPLETED";
        }
        return current.equals("REJECTED") ? "REJECTED" : "WITHDRAWN";
    }

    /**
     * How a return ended by TikTok's {@code return_status}: SETTLED (the goods came back or the refund was made),
     * WITHDRAWN (cancelled or rejected), or empty while it is open.
     */
    public static Optional<String> returnOutcome(String returnStatus) {
        String status = returnStatus == null ? "" : returnStatus.toUpperCase(Locale.ROOT);
        if (RETURN_SETTLED.contains(status)) {
            return Optional.of("SETTLED");
        }
        return RETURN_WITHDRAWN.contains(status) ? Optional.of("WITHDRAWN") : Optional.empty();
    }

    private static String noun(BuyerRequest.Kind kind) {
        return kind == BuyerRequest.Kind.RETURN ? "return" : "cancellation";
    }
}
