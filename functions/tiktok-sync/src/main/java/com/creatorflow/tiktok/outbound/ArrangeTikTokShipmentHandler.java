package com.creatorflow.tiktok.outbound;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokDocuments;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.outbound.TikTokShipping;
import com.creatorflow.shared.workflow.TaskHandler;
import java.time.Clock;

/**
 * Workflow step {@code ArrangeTikTokShipment}, the branch of orders TikTok ships ({@code shipping_type} TIKTOK):
 * arranges the shipment with TikTok (pickup or drop-off), stores TikTok's label and packing slip, and moves the order
 * to SHIPPED; no carrier of ours is called. Errors as {@link PushShipmentHandler}'s.
 */
public final class ArrangeTikTokShipmentHandler extends TaskHandler<ShipmentTask, TikTokShipping.Result> {
    private final TikTokShipping shipping;

    /** Lambda's constructor. */
    public ArrangeTikTokShipmentHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public ArrangeTikTokShipmentHandler(Env env) {
        this(shipping(env));
    }

    /** Explicit collaborators (tests). */
    public ArrangeTikTokShipmentHandler(TikTokShipping shipping) {
        super(ShipmentTask.class);
        this.shipping = shipping;
    }

    private static TikTokShipping shipping(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        TikTokShopClient client = TikTokShopClient.fromEnv(env, shops);
        return new TikTokShipping(OrderRepository.fromEnv(env), shops, client,
                ShippingStore.fromEnv(env).settings(), S3LabelStore.fromEnv(env),
                new TikTokDocuments(client.app().apiBase()), Clock.systemUTC());
    }

    @Override
    protected TikTokShipping.Result handle(ShipmentTask input, Context context) {
        return shipping.arrange(input.tenantId(), input.orderId());
    }
}
