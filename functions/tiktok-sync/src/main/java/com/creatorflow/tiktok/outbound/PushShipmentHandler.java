package com.creatorflow.tiktok.outbound;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.outbound.OutboundSync;
import com.creatorflow.shared.workflow.TaskHandler;
import java.time.Clock;
import java.util.Map;

/**
 * Workflow step {@code PushShipmentToTikTok}: pushes the order's tracking numbers and carriers to TikTok and moves it
 * LABELED → SHIPPED. Idempotent (an order already shipped answers as it is). Errors: {@code TikTokUnavailable}
 * (retries exhausted, circuit open: retry later), {@code TikTokRejected} (refused, for example an invalid tracking
 * number: the workflow's catch sends the order to NEEDS_ATTENTION).
 */
public final class PushShipmentHandler extends TaskHandler<ShipmentTask, Map<String, Object>> {
    private final OutboundSync outbound;

    /** Lambda's constructor. */
    public PushShipmentHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public PushShipmentHandler(Env env) {
        this(outbound(env));
    }

    /** Explicit collaborators (tests). */
    public PushShipmentHandler(OutboundSync outbound) {
        super(ShipmentTask.class);
        this.outbound = outbound;
    }

    static OutboundSync outbound(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        return new OutboundSync(OrderRepository.fromEnv(env), shops, TikTokShopClient.fromEnv(env, shops),
                Clock.systemUTC());
    }

    @Override
    protected Map<String, Object> handle(ShipmentTask input, Context context) {
        Order order = outbound.pushShipment(input.tenantId(), input.orderId());
        return Map.of("orderId", order.orderId(), "state", order.state().name(), "version", order.version());
    }
}
