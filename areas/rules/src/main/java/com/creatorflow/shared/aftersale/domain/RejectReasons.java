package com.creatorflow.shared.aftersale.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reasons TikTok Shop accepts when a seller rejects a buyer's request, by the names TikTok's
 * {@code reject_reason} field takes (the same list TikTok's reject-reasons endpoint gives for the US market).
 */
public final class RejectReasons {
    private static final Map<BuyerRequest.Kind, Map<String, String>> REASONS = Map.of(
            BuyerRequest.Kind.CANCELLATION, ordered(
                    "seller_reject_apply_product_has_been_packed", "The order has already been packed",
                    "seller_reject_apply_product_has_been_shipped", "The order has already been shipped",
                    "seller_reject_apply_buyer_agreed_to_keep", "The buyer agreed to keep the order"),
            BuyerRequest.Kind.RETURN, ordered(
                    "reverse_reject_request_reason_1", "The item was returned used or damaged",
                    "reverse_reject_request_reason_2", "I have reached an agreement with the buyer",
                    "reverse_reject_request_reason_3", "The return window has passed",
                    "reverse_reject_request_reason_4", "The item is not eligible for return"));

    private RejectReasons() {
    }

    /** The reasons for a kind of request: name to text, in TikTok's order. */
    public static Map<String, String> of(BuyerRequest.Kind kind) {
        return REASONS.get(kind);
    }

    /** True when TikTok accepts this reason name for this kind of request. */
    public static boolean known(BuyerRequest.Kind kind, String reason) {
        return reason != null && REASONS.get(kind).containsKey(reason);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
