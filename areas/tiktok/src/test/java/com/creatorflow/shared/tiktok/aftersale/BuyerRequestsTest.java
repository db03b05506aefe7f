package com.creatorflow.shared.tiktok.aftersale;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.aftersale.domain.BuyerRequest.Kind;
import com.creatorflow.shared.aftersale.domain.RejectReasons;
import org.junit.jupiter.api.Test;

/** How TikTok's request statuses map onto ours. */
class BuyerRequestsTest {
    @Test
    void tikToksStatusesSettleOrWithdrawAndADecisionStaysUntilThen() {
        assertThat(BuyerRequests.statusOf(Kind.CANCELLATION, "CANCELLATION_REQUEST_PENDING", "PENDING"))
                .isEqualTo("PENDING");
        assertThat(BuyerRequests.statusOf(Kind.CANCELLATION, "CANCELLATION_REQUEST_COMPLETE", "APPROVED"))
                .isEqualTo("COMPLETED");
        assertThat(BuyerRequests.statusOf(Kind.CANCELLATION, "CANCELLATION_REQUEST_CANCELLED", "PENDING"))
                .isEqualTo("WITHDRAWN");
        assertThat(BuyerRequests.statusOf(Kind.CANCELLATION, "CANCELLATION_REQUEST_CANCELLED", "REJECTED"))
                .isEqualTo("REJECTED");
        assertThat(BuyerRequests.statusOf(Kind.RETURN, "AWAITING_BUYER_SHIP", "APPROVED")).isEqualTo("APPROVED");
        assertThat(BuyerRequests.statusOf(Kind.RETURN, "RETURN_OR_REFUND_REQUEST_COMPLETE", "APPROVED"))
                .isEqualTo("COMPLETED");
        assertThat(BuyerRequests.statusOf(Kind.RETURN, "RETURN_OR_REFUND_REQUEST_REJECT", "REJECTED"))
                .isEqualTo("REJECTED");
        assertThat(BuyerRequests.statusOf(Kind.RETURN, "RETURN_OR_REFUND_REQUEST_CANCEL", "PENDING"))
                .isEqualTo("WITHDRAWN");
        assertThat(BuyerRequests.statusOf(Kind.RETURN, "RETURN_OR_REFUND_REQUEST_PENDING", "COMPLETED"))
                .as("final stays final").isEqualTo("COMPLETED");
    }

    @Test
    void rejectReasonsAreTikToksNamesPerKind() {
        assertThat(RejectReasons.known(Kind.RETURN, "reverse_reject_request_reason_2")).isTrue();
        assertThat(RejectReasons.known(Kind.CANCELLATION, "reverse_reject_request_reason_2")).isFalse();
        assertThat(RejectReasons.known(Kind.CANCELLATION, null)).isFalse();
    }
}
