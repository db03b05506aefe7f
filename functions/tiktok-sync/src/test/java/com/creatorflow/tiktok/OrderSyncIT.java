package com.creatorflow.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.tiktok.domain.SyncOutcome;
import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.tiktok.sync.OrderSync;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upsert rules against the local DynamoDB, with TikTok's order JSON from the simulator. */
class OrderSyncIT {
    private final SyncFixture fx = new SyncFixture();
    private final SyncFixture.RecordingStarter fulfilment = new SyncFixture.RecordingStarter();
    private final SyncFixture.RecordingStarter cancellation = new SyncFixture.RecordingStarter();
    private final SyncFixture.RecordingStarter returns = new SyncFixture.RecordingStarter();
    private final OrderSync sync = new OrderSync(fx.orders, fulfilment, cancellation, returns);

    @AfterEach
    void close() {
        fx.close();
    }

    private SyncOutcome apply(String orderId) {
        return sync.apply(fx.shop, fx.fetched(orderId), null);
    }

    @Test
    void aNewPaidOrderEntersFulfilmentOnceEvenWhenReplayed() {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        assertThat(apply(id)).isEqualTo(SyncOutcome.CREATED);
        Order order = fx.ours(id).orElseThrow();
        assertThat(order.state()).isEqualTo(OrderState.READY);
        assertThat(order.executionArn()).endsWith("order-" + id);
        assertThat(order.pii().shippingAddress().line1()).doesNotContain("*");

        assertThat(apply(id)).isEqualTo(SyncOutcome.UNCHANGED);
        assertThat(fulfilment.starts).containsExactly("order-" + id);
        assertThat(fx.ours(id).orElseThrow().version()).isEqualTo(order.version());
    }

    @Test
    void anOnHoldOrderWaitsWithoutAWorkflowThenEntersFulfilment() {
        String id = fx.simulator.createOrder(fx.shop.shopId());
        fx.simulator.setStatus(id, TikTokOrderStatus.ON_HOLD);
        assertThat(apply(id)).isEqualTo(SyncOutcome.CREATED);
        assertThat(fx.ours(id).orElseThrow().state()).isEqualTo(OrderState.RECEIVED);
        assertThat(fulfilment.starts).isEmpty();

        fx.simulator.setStatus(id, TikTokOrderStatus.AWAITING_SHIPMENT);
        assertThat(apply(id)).isEqualTo(SyncOutcome.TRANSITIONED);
        Order ready = fx.ours(id).orElseThrow();
        assertThat(ready.state()).isEqualTo(OrderState.READY);
        assertThat(ready.pii().shippingAddress().postalCode()).doesNotContain("*");
        assertThat(fulfilment.starts).containsExactly("order-" + id);
    }

    @Test
    void anOlderStatusAfterANewerOneIsIgnored() {
        String id = fx.simulator.createOrder(fx.shop.shopId());
        TikTokOrder unpaid = fx.fetched(id);
        fx.simulator.setStatus(id, TikTokOrderStatus.AWAITING_SHIPMENT);
        TikTokOrder paid = fx.fetched(id);

        assertThat(sync.apply(fx.shop, paid, null)).isEqualTo(SyncOutcome.CREATED);
        assertThat(sync.apply(fx.shop, unpaid, null)).isEqualTo(SyncOutcome.STALE_IGNORED);
        Order order = fx.ours(id).orElseThrow();
        assertThat(order.state()).isEqualTo(OrderState.READY);
        assertThat(order.tiktokStatus()).isEqualTo(TikTokOrderStatus.AWAITING_SHIPMENT);
        assertThat(order.version()).isEqualTo(1);
    }

    @Test
    void aCancellationCancelsAndStartsTheCancellationWorkflow() {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        apply(id);
        fx.simulator.setStatus(id, TikTokOrderStatus.CANCELLED);
        assertThat(apply(id)).isEqualTo(SyncOutcome.TRANSITIONED);
        assertThat(fx.ours(id).orElseThrow().state()).isEqualTo(OrderState.CANCELLED);
        assertThat(cancellation.starts).containsExactly("cancel-" + id);
    }

    @Test
    void aBuyersCancellationRequestAloneDoesNotCancelThePaidOrderUntilTikTokDoes() {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        apply(id);
        OrderState before = fx.ours(id).orElseThrow().state();
        fx.simulator.requestCancellation(id);
        apply(id);
        assertThat(fx.ours(id).orElseThrow().state()).isEqualTo(before);
        fx.simulator.setStatus(id, TikTokOrderStatus.CANCELLED);
        assertThat(apply(id)).isEqualTo(SyncOutcome.TRANSITIONED);
        assertThat(fx.ours(id).orElseThrow().state()).isEqualTo(OrderState.CANCELLED);
    }

    @Test
    void anAddressChangeIsAppliedBeforeShippingButNotAfter() {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        apply(id);
        fx.simulator.updateAddress(id, "99 New Street", "10001");
        assertThat(apply(id)).isEqualTo(SyncOutcome.UPDATED);
        assertThat(fx.ours(id).orElseThrow().pii().shippingAddress().line1()).isEqualTo("99 New Street");
        assertThat(fx.ours(id).orElseThrow().shipTo().postalPrefix()).isEqualTo("100");

        fx.simulator.setStatus(id, TikTokOrderStatus.IN_TRANSIT);
        assertThat(apply(id)).isEqualTo(SyncOutcome.TRANSITIONED);
        fx.simulator.updateAddress(id, "1 Too Late Road", "20001");
        apply(id);
        Order order = fx.ours(id).orElseThrow();
        assertThat(order.state()).isEqualTo(OrderState.IN_TRANSIT);
        assertThat(order.pii().shippingAddress().line1()).isEqualTo("99 New Street");
    }

    @Test
    void anOrderShippedOutsideCreatorFlowFollowsTikTokThroughLegalSteps() {
        String id = fx.simulator.createOrder(fx.shop.shopId());
        apply(id);
        fx.simulator.setStatus(id, TikTokOrderStatus.IN_TRANSIT);
        assertThat(apply(id)).isEqualTo(SyncOutcome.TRANSITIONED);
        Order order = fx.ours(id).orElseThrow();
        assertThat(order.state()).isEqualTo(OrderState.IN_TRANSIT);
        assertThat(fx.orders.history(order.tenantId(), id)).extracting(r -> r.to())
                .containsExactly("RECEIVED", "SHIPPED", "IN_TRANSIT");
    }

    @Test
    void tiktokPackagesUpdateOursByTrackingNumberAndNewOnesAreAdded() {
        ShipmentPackage ours = new ShipmentPackage("pkg-1", List.of("1"), "LABELED", "usps", "ground", "TRK1",
                "label-1", null);
        ShipmentPackage theirsSame = new ShipmentPackage("tt-9", List.of("1"), "SHIPPED", "USPS", null, "TRK1", null,
                null);
        ShipmentPackage theirsNew = new ShipmentPackage("tt-10", List.of("2"), "SHIPPED", "UPS", null, "TRK2", null,
                null);
        List<ShipmentPackage> merged = OrderSync.mergePackages(List.of(ours), List.of(theirsSame, theirsNew));
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).packageId()).isEqualTo("pkg-1");
        assertThat(merged.get(0).status()).isEqualTo("SHIPPED");
        assertThat(merged.get(0).labelId()).isEqualTo("label-1");
        assertThat(merged.get(1).packageId()).isEqualTo("tt-10");
    }
}
