package com.creatorflow.shared.tiktok.sync;

import com.creatorflow.shared.tiktok.aftersale.BuyerRequests;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a RETURN_STATUS_CHANGE webhook says about a buyer's return: still open (the order waits in RETURN_REQUESTED),
 * settled (the goods came back or the refund was made) or withdrawn (cancelled or rejected).
 *
 * @param returnId TikTok's return id
 * @param returnType REFUND, RETURN_AND_REFUND or REPLACEMENT
 * @param status TikTok's return status
 */
public record ReturnEvent(String returnId, String returnType, String status) {

    /** Reads the webhook's {@code data}. */
    static ReturnEvent of(JsonNode data) {
        return new ReturnEvent(data.path("return_id").asText(null), data.path("return_type").asText(null),
                data.path("return_status").asText(""));
    }

    /** True while the return is open: the order should be RETURN_REQUESTED. */
    public boolean open() {
        return outcome().isEmpty();
    }

    /** The outcome that ends the return workflow's wait (SETTLED or WITHDRAWN), once TikTok reports one. */
    public Optional<String> outcome() {
        return BuyerRequests.returnOutcome(status);
    }
}
