package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TikTok's order JSON to our order: grouping, money, times, PII and the routing summary. */
class TikTokOrderMapperTest {
    private static JsonNode fixture() throws IOException {
        try (InputStream in = TikTokOrderMapperTest.class.getResourceAsStream("/tiktok/order-detail.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    @Test
    void groupsOneUnitLineItemsBySkuAndKeepsTheirIds() throws IOException {
        Order order = TikTokOrderMapper.map(fixture(), "tenant-a", "shop-1").order();
        assertThat(order.lines()).extracting(LineItem::sku, LineItem::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TEE-BLK-M", 2),
                        org.assertj.core.groups.Tuple.tuple("STICKER-01", 1));
        assertThat(order.lines().get(0).tiktokLineIds()).containsExactly("577086512123755123", "577086512123755124");
        assertThat(order.lines().get(0).unitPrice()).isEqualTo(new Money(1999, "USD"));
        assertThat(order.unitCount()).isEqualTo(3);
    }

    @Test
    void mapsMoneyTimesStatusAndPii() throws IOException {
        TikTokOrder mapped = TikTokOrderMapper.map(fixture(), "tenant-a", "shop-1");
        Order order = mapped.order();
        assertThat(order.orderId()).isEqualTo("576462207837409441");
        assertThat(order.tenantId()).isEqualTo("tenant-a");
        assertThat(mapped.status()).isEqualTo(TikTokOrderStatus.AWAITING_SHIPMENT);
        assertThat(order.state()).isEqualTo(OrderState.READY);
        assertThat(order.totals().total()).isEqualTo(new Money(5667, "USD"));
        assertThat(order.totals().discount()).isEqualTo(new Money(200, "USD"));
        assertThat(order.totals().tax()).isEqualTo(new Money(420, "USD"));
        assertThat(order.paidAt()).isEqualTo(Instant.ofEpochSecond(1764090060));
        assertThat(order.shipBy()).isEqualTo(Instant.ofEpochSecond(1764349260));
        assertThat(mapped.updateTime()).isEqualTo(Instant.ofEpochSecond(1764093600));
        assertThat(order.pii().shippingAddress().city()).isEqualTo("Los Angeles");
        assertThat(order.pii().shippingAddress().region()).isEqualTo("California");
        assertThat(order.pii().buyer().email()).isEqualTo("v2a7x3@scs.tiktokw.us");
        assertThat(order.shipTo().postalPrefix()).isEqualTo("900");
        assertThat(order.shipTo().country()).isEqualTo("US");
        assertThat(mapped.deliveryOptionId()).isEqualTo("7091146663229654785");
    }

    @Test
    void anUnpaidOrderWithoutAnAddressHasNoDestinationYet() throws IOException {
        ObjectNode json = (ObjectNode) fixture();
        json.put("status", "UNPAID");
        json.remove("recipient_address");
        Order order = TikTokOrderMapper.map(json, "tenant-a", "shop-1").order();
        assertThat(order.state()).isEqualTo(OrderState.RECEIVED);
        assertThat(order.shipTo()).isNull();
        assertThat(order.pii().shippingAddress()).isNull();
    }
}
