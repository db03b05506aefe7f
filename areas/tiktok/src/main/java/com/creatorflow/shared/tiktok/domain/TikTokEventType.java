package com.creatorflow.shared.tiktok.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The webhook types CreatorFlow acts on, by TikTok's numeric {@code type}. Every other type is recorded and ignored. */
public enum TikTokEventType {
    ORDER_STATUS_CHANGE(1),
    RECIPIENT_ADDRESS_UPDATE(3),
    PACKAGE_UPDATE(4),
    SELLER_DEAUTHORIZATION(6),
    UPCOMING_AUTHORIZATION_EXPIRATION(7),
    CANCELLATION_STATUS_CHANGE(11),
    RETURN_STATUS_CHANGE(12);

    private final int code;

    TikTokEventType(int code) {
        this.code = code;
    }

    /** TikTok's numeric type. */
    public int code() {
        return code;
    }

    /** The type for a code, or empty for one we do not act on. */
    public static Optional<TikTokEventType> of(int code) {
        for (TikTokEventType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** True for the types that concern orders (as opposed to the shop). */
    public boolean aboutOrders() {
        return this != SELLER_DEAUTHORIZATION && this != UPCOMING_AUTHORIZATION_EXPIRATION;
    }

    /** The order ids a notification's {@code data} names (one, or every order of a package update). */
    public List<String> orderIds(JsonNode data) {
        Set<String> ids = new LinkedHashSet<>();
        if (this == PACKAGE_UPDATE) {
            data.path("package_list").forEach(p -> p.path("order_id_list").forEach(id -> ids.add(id.asText())));
        } else if (aboutOrders() && data.hasNonNull("order_id")) {
            ids.add(data.get("order_id").asText());
        }
        return new ArrayList<>(ids);
    }
}
