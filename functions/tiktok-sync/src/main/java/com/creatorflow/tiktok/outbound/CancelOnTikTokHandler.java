package com.creatorflow.tiktok.outbound;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.tiktok.outbound.OutboundSync;
import com.creatorflow.shared.workflow.TaskHandler;
import java.util.Map;

/**
 * Workflow step {@code CancelOnTikTok} (cancellation workflow, creator-initiated): tells TikTok the seller cancelled
 * the order. Idempotent: an order TikTok already cancelled counts as done. Errors as {@link PushShipmentHandler}.
 */
public final class CancelOnTikTokHandler extends TaskHandler<ShipmentTask, Map<String, Object>> {
    private final OutboundSync outbound;

    /** Lambda's constructor. */
    public CancelOnTikTokHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public CancelOnTikTokHandler(Env env) {
        this(PushShipmentHandler.outbound(env));
    }

    /** Explicit collaborators (tests). */
    public CancelOnTikTokHandler(OutboundSync outbound) {
        super(ShipmentTask.class);
        this.outbound = outbound;
    }

    @Override
    protected Map<String, Object> handle(ShipmentTask input, Context context) {
        String reason = input.reason() == null || input.reason().isBlank() ? "seller_cancelled" : input.reason();
        String cancelId = outbound.cancelOnTikTok(input.tenantId(), input.orderId(), reason);
        return Map.of("orderId", input.orderId(), "tiktokCancelId", cancelId);
    }
}
