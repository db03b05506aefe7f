package com.creatorflow.local.simulators.tiktok;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated shops' buyer requests: cancellation requests and returns by id, with the status TikTok shows, and the
 * reject reasons TikTok accepts for each (its {@code reject_reason} names).
 */
final class SimAfterSales {
    /** Reject reasons for a cancellation request. */
    static final Set<String> CANCELLATION_REASONS = Set.of("seller_reject_apply_product_has_been_packed",
            "seller_reject_apply_product_has_been_shipped", "seller_reject_apply_buyer_agreed_to_keep");
    /** Reject reasons for a return. */
    static final Set<String> RETURN_REASONS = Set.of("reverse_reject_request_reason_1",
            "reverse_reject_request_reason_2", "reverse_reject_request_reason_3", "reverse_reject_request_reason_4");

    /** One buyer request. */
    static final class Request {
        final String id;
        final String orderId;
        final String shopId;
        final boolean isReturn;
        final String returnType;
        final String reason;
        final String reasonText;
        volatile String status;

        Request(String id, String orderId, String shopId, boolean isReturn, String returnType, String status) {
            this.id = id;
            this.orderId = orderId;
            this.shopId = shopId;
            this.isReturn = isReturn;
            this.returnType = returnType;
            this.reason = isReturn ? "ecom_order_delivered_refund_and_return_reason_not_as_described"
                    : "ecom_order_to_ship_canceled_reason_no_longer_needed";
            this.reasonText = isReturn ? "Item doesn't match the description" : "No longer needed";
            this.status = status;
        }

        /** True while TikTok waits for the seller's answer. */
        boolean awaitsSeller() {
            return status.equals("CANCELLATION_REQUEST_PENDING") || status.equals("RETURN_OR_REFUND_REQUEST_PENDING");
        }
    }

    private final Map<String, Request> requests = new ConcurrentHashMap<>();

    /** Records a request or its new status. */
    Request track(String id, String orderId, String shopId, boolean isReturn, String returnType, String status) {
        Request request = requests.computeIfAbsent(id, k -> new Request(id, orderId, shopId, isReturn, returnType,
                status));
        request.status = status;
        return request;
    }

    /** A request of a kind by id, or null. */
    Request find(String id, boolean isReturn) {
        Request request = requests.get(id);
        return request != null && request.isReturn == isReturn ? request : null;
    }

    /** The status TikTok shows for a request, or null when unknown. */
    String status(String id) {
        Request request = requests.get(id);
        return request == null ? null : request.status;
    }
}
