package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Allocation;
import com.creatorflow.shared.inventory.domain.Bundle;
import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.StockLevel;
import com.creatorflow.shared.inventory.domain.WaitingOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts inventory records to and from DynamoDB items. */
final class InventoryItems {
    private InventoryItems() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static Instant time(Map<String, AttributeValue> item, String name) {
        String text = str(item, name);
        return text == null ? null : Instant.parse(text);
    }

    static StockLevel stockLevel(Map<String, AttributeValue> item) {
        return new StockLevel(str(item, "sku"), str(item, "location"), num(item, "onHand"), num(item, "reserved"),
                num(item, "available"), time(item, "updatedAt"));
    }

    static AttributeValue allocations(List<Allocation> lines) {
        List<AttributeValue> list = new ArrayList<>();
        for (Allocation line : lines) {
            list.add(AttributeValue.fromM(Map.of("sku", s(line.sku()), "location", s(line.location()),
                    "quantity", n(line.quantity()))));
        }
        return AttributeValue.fromL(list);
    }

    static List<Allocation> allocations(AttributeValue value) {
        List<Allocation> lines = new ArrayList<>();
        if (value != null && value.hasL()) {
            for (AttributeValue entry : value.l()) {
                Map<String, AttributeValue> m = entry.m();
                lines.add(new Allocation(str(m, "sku"), str(m, "location"), (int) num(m, "quantity")));
            }
        }
        return lines;
    }

    static Map<String, AttributeValue> reservationItem(Reservation r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(InventoryKeys.orderPk(r.tenantId(), r.orderId())));
        item.put("sk", s(InventoryKeys.RESERVATION));
        item.put("type", s("RESERVATION"));
        item.put("tenantId", s(r.tenantId()));
        item.put("orderId", s(r.orderId()));
        item.put("status", s(r.status().name()));
        item.put("lines", allocations(r.lines()));
        item.put("chunkLines", n(r.chunkLines()));
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("updatedAt", s(r.updatedAt().toString()));
        if (r.status() == ReservationStatus.PENDING) {
            item.put("applied", n(r.applied()));
        }
        if (r.expiresAt() != null) {
            item.put("expiresAt", s(r.expiresAt().toString()));
            item.put("gsi2pk", s(InventoryKeys.expiryShard(r.orderId())));
            item.put("gsi2sk", s(InventoryKeys.expiryKey(r.expiresAt(), r.tenantId(), r.orderId())));
        }
        if (r.taskToken() != null) {
            item.put("taskToken", s(r.taskToken()));
        }
        if (r.reason() != null) {
            item.put("reason", s(r.reason()));
        }
        return item;
    }

    static Reservation reservation(Map<String, AttributeValue> item) {
        return new Reservation(str(item, "tenantId"), str(item, "orderId"),
                ReservationStatus.valueOf(str(item, "status")), allocations(item.get("lines")),
                (int) num(item, "chunkLines"), (int) num(item, "applied"), str(item, "operation"),
                (int) num(item, "progress"), time(item, "createdAt"), time(item, "updatedAt"),
                time(item, "expiresAt"), str(item, "taskToken"), str(item, "reason"));
    }

    static Map<String, AttributeValue> movementItem(String tenant, Movement m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(InventoryKeys.skuPk(tenant, m.sku())));
        item.put("sk", s(InventoryKeys.movementSk(m.at(), m.id())));
        item.put("type", s("MOVEMENT"));
        item.put("id", s(m.id()));
        item.put("sku", s(m.sku()));
        item.put("location", s(m.location()));
        item.put("kind", s(m.kind().name()));
        item.put("onHandDelta", n(m.onHandDelta()));
        item.put("reservedDelta", n(m.reservedDelta()));
        item.put("actor", s(m.actor()));
        item.put("at", s(m.at().toString()));
        if (m.orderId() != null) {
            item.put("orderId", s(m.orderId()));
        }
        if (m.reason() != null) {
            item.put("reason", s(m.reason()));
        }
        return item;
    }

    static Movement movement(Map<String, AttributeValue> item) {
        return new Movement(str(item, "id"), str(item, "sku"), str(item, "location"),
                MovementKind.valueOf(str(item, "kind")), num(item, "onHandDelta"), num(item, "reservedDelta"),
                str(item, "orderId"), str(item, "reason"), str(item, "actor"), time(item, "at"));
    }

    static AttributeValue needs(Map<String, Integer> needs) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        needs.forEach((sku, quantity) -> m.put(sku, n(quantity)));
        return AttributeValue.fromM(m);
    }

    static WaitingOrder waitingOrder(Map<String, AttributeValue> item) {
        Map<String, Integer> needs = new LinkedHashMap<>();
        AttributeValue raw = item.get("needs");
        if (raw != null && raw.hasM()) {
            raw.m().forEach((sku, quantity) -> needs.put(sku, Integer.parseInt(quantity.n())));
        }
        return new WaitingOrder(str(item, "tenantId"), str(item, "orderId"), needs, time(item, "since"),
                str(item, "taskToken"), str(item, "location"), (int) num(item, "priority"));
    }

    static Bundle bundle(Map<String, AttributeValue> item) {
        List<Bundle.Component> components = new ArrayList<>();
        for (AttributeValue entry : item.get("components").l()) {
            components.add(new Bundle.Component(str(entry.m(), "sku"), (int) num(entry.m(), "quantity")));
        }
        return new Bundle(str(item, "sku"), components);
    }
}
