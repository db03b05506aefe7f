package com.creatorflow.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.tiktok.sync.OrderSync;
import com.creatorflow.tiktok.outbound.CancelOnTikTokHandler;
import com.creatorflow.tiktok.outbound.PushShipmentHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pushing shipments and cancellations to TikTok through the task handlers and the simulator. */
class OutboundSyncIT {
    private final SyncFixture fx = new SyncFixture();
    private final OrderSync sync = new OrderSync(fx.orders, new SyncFixture.RecordingStarter(),
            new SyncFixture.RecordingStarter(), new SyncFixture.RecordingStarter());

    @AfterEach
    void close() {
        fx.close();
    }

    private Order labelled(String carrier, String tracking) {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        sync.apply(fx.shop, fx.fetched(id), null);
        Order order = fx.ours(id).orElseThrow();
        List<String> lineIds = order.lines().stream().flatMap(l -> l.tiktokLineIds().stream()).toList();
        order = fx.orders.transition(order, OrderState.RESERVED, "test", "reserved");
        return fx.orders.transition(order, OrderState.LABELED, "test", "labelled", null,
                b -> b.packages(List.of(new ShipmentPackage("pkg-1", lineIds, "LABELED", carrier, "ground", tracking,
                        "label-1", null))));
    }

    private static JsonNode run(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String fixture,
                                Order order) throws IOException {
        String input;
        try (InputStream in = OutboundSyncIT.class.getResourceAsStream("/" + fixture)) {
            input = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("TENANT", order.tenantId()).replace("ORDER", order.orderId());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                LocalLambdaContext.forTest("PushShipmentFunction"));
        return Json.tree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pushesTrackingToTikTokAndShipsOnceEvenWhenRunTwice() throws IOException {
        Order order = labelled("usps", "9400111899223344556677");
        PushShipmentHandler handler = new PushShipmentHandler(fx.env);
        JsonNode result = run(handler, "tiktok-sync/push-shipment.json", order);
        assertThat(result.path("state").asText()).isEqualTo("SHIPPED");
        assertThat(fx.simulator.status(order.orderId())).isEqualTo(TikTokOrderStatus.AWAITING_COLLECTION);
        JsonNode tiktok = fx.simulator.orderJson(order.orderId());
        assertThat(tiktok.path("tracking_number").asText()).isEqualTo("9400111899223344556677");
        assertThat(tiktok.path("shipping_provider").asText()).isEqualTo("USPS");

        JsonNode again = run(handler, "tiktok-sync/push-shipment.json", order);
        assertThat(again.path("version").asLong()).isEqualTo(result.path("version").asLong());
        assertThat(fx.simulator.calls("/fulfillment/202309/orders/{id}/packages")).isEqualTo(1);
    }

    @Test
    void anUnknownCarrierIsATypedRefusal() {
        Order order = labelled("pigeon-post", "PP123");
        assertThatThrownBy(() -> run(new PushShipmentHandler(fx.env), "tiktok-sync/push-shipment.json", order))
                .isInstanceOf(TikTokRejected.class).hasMessageContaining("pigeon-post");
        assertThat(fx.ours(order.orderId()).orElseThrow().state()).isEqualTo(OrderState.LABELED);
    }

    @Test
    void pushingTrackingForAShopThatMustBeConnectedAgainIsATypedRefusalWithoutACall() {
        Order order = labelled("usps", "9400111899223344556688");
        fx.shops.deauthorize(fx.shop.shopId());
        long calls = fx.simulator.calls("/fulfillment/202309/orders/{id}/packages")
                + fx.simulator.calls("/order/202309/orders");

        assertThatThrownBy(() -> run(new PushShipmentHandler(fx.env), "tiktok-sync/push-shipment.json", order))
                .isInstanceOf(ShopReconnectNeeded.class).hasMessageContaining(fx.shop.shopId());
        assertThat(fx.simulator.calls("/fulfillment/202309/orders/{id}/packages")
                + fx.simulator.calls("/order/202309/orders")).isEqualTo(calls);
        assertThat(fx.ours(order.orderId()).orElseThrow().state()).isEqualTo(OrderState.LABELED);
    }

    @Test
    void tellsTikTokOfACreatorsCancellationIdempotently() throws IOException {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        sync.apply(fx.shop, fx.fetched(id), null);
        Order order = fx.ours(id).orElseThrow();
        CancelOnTikTokHandler handler = new CancelOnTikTokHandler(fx.env);
        assertThat(run(handler, "tiktok-sync/cancel-on-tiktok.json", order).path("tiktokCancelId").asText())
                .isNotBlank();
        assertThat(fx.simulator.status(id)).isEqualTo(TikTokOrderStatus.CANCELLED);
        assertThat(run(handler, "tiktok-sync/cancel-on-tiktok.json", order).path("tiktokCancelId").asText())
                .isEqualTo("already-cancelled");
    }
}
