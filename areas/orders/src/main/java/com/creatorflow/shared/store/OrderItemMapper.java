package com.creatorflow.shared.store;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.store.domain.Times;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps an order to its DynamoDB item and back. Keys, state, version, the index keys and what listings filter on are
 * top-level attributes (for conditions, GSIs and filter expressions; see docs/data-model.md); the body is one JSON
 * document, deflated; buyer and address are one AES-256-GCM blob bound to the order, never stored in clear.
 */
final class OrderItemMapper {
    /** The order's JSON without personal data, deflated (a third of its size, so fewer write units per write). */
    static final String DOCUMENT = "docz";
    /** The same JSON uncompressed, as orders written before {@link #DOCUMENT} still hold it. */
    private static final String PLAIN_DOCUMENT = "doc";

    private final PiiCipher cipher;

    /** The cipher personal data is sealed with (and lookups blind-indexed with). */
    PiiCipher cipher() {
        return cipher;
    }

    OrderItemMapper(PiiCipher cipher) {
        this.cipher = cipher;
    }

    Map<String, AttributeValue> toItem(Order order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tenantId", AttributeValue.fromS(order.tenantId()));
        item.put("orderId", AttributeValue.fromS(order.orderId()));
        item.put("state", AttributeValue.fromS(order.state().name()));
        item.put("tenantState", AttributeValue.fromS(tenantState(order.tenantId(), order.state())));
        item.put("updatedKey", AttributeValue.fromS(Times.sortable(order.updatedAt()) + "#" + order.orderId()));
        if (order.createdAt() != null) {
            String created = Times.sortable(order.createdAt()) + "#" + order.orderId();
            item.put("createdKey", AttributeValue.fromS(created));
            item.put("stateCreated", AttributeValue.fromS(order.state().name() + "#" + created));
        }
        if (order.paidAt() != null) {
            item.put("paidKey", AttributeValue.fromS(Times.sortable(order.paidAt()) + "#" + order.orderId()));
        }
        if (order.tiktokStatus() != null) {
            item.put("tiktokStatus", AttributeValue.fromS(order.tiktokStatus().name()));
        }
        java.util.Set<String> carriers = new java.util.TreeSet<>();
        order.packages().forEach(parcel -> {
            if (parcel.carrier() != null) {
                carriers.add(parcel.carrier());
            }
        });
        if (!carriers.isEmpty()) {
            item.put("carriers", AttributeValue.fromSs(List.copyOf(carriers)));
        }
        item.put("version", AttributeValue.fromN(Long.toString(order.version())));
        item.put(DOCUMENT, AttributeValue.fromB(SdkBytes.fromByteArray(
                Deflate.compress(Json.write(order.toBuilder().pii(null).build())))));
        java.util.Set<String> skus = new java.util.TreeSet<>();
        order.lines().forEach(line -> skus.add(line.sku()));
        if (!skus.isEmpty()) {
            item.put("skus", AttributeValue.fromSs(List.copyOf(skus)));
        }
        if (!order.tags().isEmpty()) {
            item.put("tags", AttributeValue.fromSs(List.copyOf(new java.util.TreeSet<>(order.tags()))));
        }
        if (order.pii() != null) {
            item.put("pii", AttributeValue.fromB(SdkBytes.fromByteArray(
                    cipher.encrypt(Json.write(order.pii()), piiContext(order.tenantId(), order.orderId())))));
        }
        return item;
    }

    Order fromItem(Map<String, AttributeValue> item) {
        Order body = Json.read(document(item), Order.class);
        Order.Builder order = body.toBuilder()
                .state(OrderState.valueOf(item.get("state").s()))
                .version(Long.parseLong(item.get("version").n()));
        AttributeValue pii = item.get("pii");
        if (pii != null) {
            String plain = cipher.decrypt(pii.b().asByteArray(), piiContext(body.tenantId(), body.orderId()));
            order.pii(Json.read(plain, Pii.class));
        }
        return order.build();
    }

    /** The order's JSON (without personal data) of a stored item. */
    static String document(Map<String, AttributeValue> item) {
        AttributeValue deflated = item.get(DOCUMENT);
        return deflated != null ? Deflate.decompress(deflated.b().asByteArray()) : item.get(PLAIN_DOCUMENT).s();
    }

    /** An item's personal data sealed again with the current key version; empty when it has none or already is. */
    Optional<byte[]> resealedPii(Map<String, AttributeValue> item) {
        AttributeValue pii = item.get("pii");
        if (pii == null || pii.b() == null) {
            return Optional.empty();
        }
        return cipher.resealed(pii.b().asByteArray(), piiContext(item.get("tenantId").s(), item.get("orderId").s()));
    }

    static String tenantState(String tenantId, OrderState state) {
        return tenantId + "#" + state.name();
    }

    private static String piiContext(String tenantId, String orderId) {
        return "order:" + tenantId + "#" + orderId;
    }
}
