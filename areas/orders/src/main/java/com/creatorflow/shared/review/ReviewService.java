package com.creatorflow.shared.review;

import com.creatorflow.shared.aws.Backoff;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.review.domain.Decision;
import com.creatorflow.shared.review.domain.Review;
import com.creatorflow.shared.review.domain.ReviewExpired;
import com.creatorflow.shared.review.domain.ReviewNotFound;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.workflow.TaskTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manual-intervention queue. A workflow step that cannot go on opens a review (the order moves to
 * NEEDS_ATTENTION and the workflow waits on a task token); a person decides (approve, retry, edit and retry,
 * cancel) and the decision resumes the workflow. Reminders and escalations re-open the same review with a new token,
 * so an order never stops silently.
 */
public final class ReviewService {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewService.class);
    private static final int MAX_DECISION_ATTEMPTS = 3;
    private static final int MAX_AUDIT_ATTEMPTS = 12;

    private final OrderRepository orders;
    private final ReviewRepository reviews;
    private final TaskTokens tokens;
    private final Clock clock;

    public ReviewService(OrderRepository orders, ReviewRepository reviews, TaskTokens tokens, Clock clock) {
        this.orders = orders;
        this.reviews = reviews;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * What a waiting workflow step reports when it opens (or re-opens) a review.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param taskToken the token that resumes the step
     * @param failedStep the step that stopped, or HOLD
     * @param error the error name, if a step failed
     * @param cause the error's cause or the hold's reason
     * @param reminder true when this re-opens after a reminder timeout
     * @param escalate true when the review is escalated
     */
    public record OpenRequest(String tenantId, String orderId, String taskToken, String failedStep, String error,
                              String cause, boolean reminder, boolean escalate) {
    }

    /** Opens or refreshes the review of an order and moves the order to NEEDS_ATTENTION. */
    public Review open(OpenRequest request) {
        Order order = orders.get(request.tenantId(), request.orderId());
        String reason = reasonOf(request);
        if (Lifecycle.isTerminal(order.state())) {
            tokens.succeed(request.taskToken(), Json.write(Map.of("decision", Decision.CANCEL.name(),
                    "note", "the order is already " + order.state(), "alreadyFinal", true)));
            return null;
        }
        if (order.state() != OrderState.NEEDS_ATTENTION) {
            orders.transition(order, OrderState.NEEDS_ATTENTION, "workflow:" + request.failedStep(), reason,
                    details(request), b -> b);
        }
        Review previous = reviews.find(request.tenantId(), request.orderId())
                .map(ReviewRepository.Stored::review)
                .filter(r -> Review.OPEN.equals(r.status()))
                .orElse(null);
        Instant created = previous != null ? previous.createdAt() : clock.instant();
        int reminders = (previous != null ? previous.reminders() : 0) + (request.reminder() ? 1 : 0);
        boolean escalated = request.escalate() || (previous != null && previous.escalated());
        Review review = new Review(request.tenantId(), request.orderId(), Review.OPEN, request.failedStep(),
                request.error(), reason, created, reminders, escalated, null, null, null, null);
        reviews.putOpen(review, request.taskToken());
        return review;
    }

    /**
     * Records a person's decision and resumes the workflow with it. The waiting step's token can change under the
     * decision (a reminder re-opened the review, the runtime re-delivered the step); the decision then follows the
     * current token, a few times at most, before giving up with {@link ReviewExpired}.
     *
     * @param edits for EDIT_AND_RETRY: {@code {"shippingAddress": {...}}}
     */
    public Review decide(String tenantId, String orderId, Decision decision, String actor, String note,
                         Map<String, Object> edits) {
        ReviewRepository.Stored first = openReview(tenantId, orderId);
        if (decision == Decision.EDIT_AND_RETRY) {
            applyEdits(orders.get(tenantId, orderId), edits, actor, note);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("decision", decision.name());
        output.put("decidedBy", actor);
        if (note != null) {
            output.put("note", note);
        }
        ReviewRepository.Stored stored = first;
        for (int attempt = 1; ; attempt++) {
            Review open = stored.review();
            Review resolved = new Review(tenantId, orderId, Review.RESOLVED, open.failedStep(), open.error(),
                    open.reason(), open.createdAt(), open.reminders(), open.escalated(), decision, actor,
                    clock.instant(), note);
            if (reviews.resolve(resolved, stored.taskToken())) {
                if (tokens.succeed(stored.taskToken(), Json.write(output))) {
                    recordDecision(tenantId, orderId, decision, actor, note, open.failedStep());
                    return resolved;
                }
                reviews.reopen(open, stored.taskToken());
                LOG.warn("review of {}: the workflow no longer waits on this token; following the current one", orderId);
            }
            if (attempt >= MAX_DECISION_ATTEMPTS) {
                throw new ReviewExpired(orderId);
            }
            stored = openReview(tenantId, orderId);
        }
    }

    private ReviewRepository.Stored openReview(String tenantId, String orderId) {
        return reviews.find(tenantId, orderId).filter(s -> Review.OPEN.equals(s.review().status()))
                .orElseThrow(() -> new ReviewNotFound(orderId));
    }

    /**
     * Appends the decision to the order's audit trail. The resumed workflow writes the order in quick steps
     * meanwhile, and the decision has already taken effect, so a conflict is retried after a growing pause.
     */
    private void recordDecision(String tenantId, String orderId, Decision decision, String actor, String note,
                                String failedStep) {
        for (int attempt = 1; ; attempt++) {
            try {
                orders.update(orders.get(tenantId, orderId), actor, "REVIEW_DECIDED",
                        note == null ? decision.name() : note,
                        Map.of("decision", decision.name(), "failedStep", String.valueOf(failedStep)), b -> b);
                return;
            } catch (VersionConflict raced) {
                if (attempt >= MAX_AUDIT_ATTEMPTS) {
                    throw raced;
                }
                Backoff.pause(attempt);
            }
        }
    }

    /** A tenant's open (or resolved) reviews, oldest first. */
    public Page<Review> list(String tenantId, String status, int limit, String cursor) {
        return reviews.list(tenantId, status, limit, cursor);
    }

    private void applyEdits(Order order, Map<String, Object> edits, String actor, String note) {
        if (edits == null || !edits.containsKey("shippingAddress")) {
            throw new ValidationFailed("edits", "EDIT_AND_RETRY needs edits, e.g. {\"shippingAddress\": {...}}");
        }
        OrderState origin = order.attentionFrom() != null ? order.attentionFrom() : order.state();
        if (!Lifecycle.isBeforeLabel(origin)) {
            throw new ValidationFailed("edits.shippingAddress", "the address cannot change once a label exists ("
                    + origin + "); cancel and re-ship instead");
        }
        Address address;
        try {
            address = Json.convert(edits.get("shippingAddress"), Address.class);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed("edits.shippingAddress", "shippingAddress is not a valid address");
        }
        Address fixed = address;
        orders.update(order, actor, "ADDRESS_EDITED", note == null ? "address corrected in review" : note,
                Map.of("fields", "shippingAddress"),
                b -> b.pii(new Pii(order.pii() == null ? null : order.pii().buyer(), fixed)).shipTo(ShipTo.of(fixed)));
    }

    private static String reasonOf(OpenRequest request) {
        if (request.cause() != null && !request.cause().isBlank()) {
            return lambdaErrorMessage(request.cause());
        }
        return request.error() != null ? request.failedStep() + " failed with " + request.error()
                : "held for review at " + request.failedStep();
    }

    /** Step Functions passes a Lambda error's cause as the JSON error document; people want its message. */
    private static String lambdaErrorMessage(String cause) {
        if (cause.startsWith("{")) {
            try {
                String message = Json.tree(cause).path("errorMessage").asText("");
                if (!message.isBlank()) {
                    return message;
                }
            } catch (IllegalArgumentException notJson) {
                return cause;
            }
        }
        return cause;
    }

    private static Map<String, String> details(OpenRequest request) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("failedStep", String.valueOf(request.failedStep()));
        if (request.error() != null) {
            details.put("error", request.error());
        }
        return details;
    }
}
