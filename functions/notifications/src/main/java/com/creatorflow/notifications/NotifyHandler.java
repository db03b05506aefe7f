package com.creatorflow.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.Notifications;
import com.creatorflow.shared.notify.domain.Notification;
import com.creatorflow.shared.rules.RuleAction;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.TaskHandler;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Workflow step Notify: tells the creator about an order (shipped, needs a decision, reminder, escalation, or a
 * creator's {@code notify} rule). The state machine passes a dedupe key built from the execution and state (for a
 * rule: the order, rule set version and position), so a retried step notifies once.
 */
public final class NotifyHandler extends TaskHandler<NotifyHandler.Input, Notification> {
    /**
     * The step's input.
     *
     * @param tenantId the creator
     * @param orderId the order
     * @param kind what happened
     * @param severity INFO, WARNING or URGENT (default by kind)
     * @param message the text (default by kind)
     * @param data extra facts
     * @param dedupeKey identifies this notification across retries
     * @param rule a creator's notify rule (kind {@code RULE}): its message is the text, its channel and recipient
     *     go into the data
     */
    public record Input(String tenantId, String orderId, String kind, String severity, String message,
                        Map<String, String> data, String dedupeKey, RuleAction.Notify rule) implements OrderRef {
    }

    private final NotificationService notifications;

    /** Lambda's constructor: collaborators from the process environment. */
    public NotifyHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public NotifyHandler(Env env) {
        this(Notifications.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public NotifyHandler(NotificationService notifications) {
        super(Input.class);
        this.notifications = notifications;
    }

    @Override
    protected Notification handle(Input input, Context context) {
        String kind = input.kind() == null ? "ORDER_UPDATE" : input.kind();
        Map<String, String> data = new LinkedHashMap<>(input.data() == null ? Map.of() : input.data());
        String message = input.message();
        if (input.rule() != null) {
            message = input.rule().message();
            data.put("channel", input.rule().channel().toUpperCase(Locale.ROOT));
            if (input.rule().recipient() != null) {
                data.put("recipient", input.rule().recipient());
            }
        }
        return notifications.notify(new NotificationService.Request(input.tenantId(), input.orderId(), kind,
                input.severity() != null ? input.severity() : severityOf(kind),
                message != null ? message : messageOf(kind, input.orderId()), data, input.dedupeKey()));
    }

    private static String severityOf(String kind) {
        return switch (kind) {
            case "REVIEW_ESCALATED" -> "URGENT";
            case "NEEDS_ATTENTION", "REVIEW_REMINDER", "INVENTORY_LOW" -> "WARNING";
            default -> "INFO";
        };
    }

    private static String messageOf(String kind, String orderId) {
        return switch (kind) {
            case "SHIPPED" -> "Order " + orderId + " shipped; tracking is on TikTok.";
            case "NEEDS_ATTENTION" -> "Order " + orderId + " needs your decision.";
            case "REVIEW_REMINDER" -> "Reminder: order " + orderId + " is still waiting for your decision.";
            case "REVIEW_ESCALATED" -> "Order " + orderId + " has waited too long for a decision and was escalated.";
            case "CANCELLED" -> "Order " + orderId + " was cancelled.";
            default -> "Order " + orderId + " was updated.";
        };
    }
}
