package com.creatorflow.shared.shipping.domain;

import java.util.List;

/**
 * Reads the tracking webhooks one source posts to {@code POST /webhooks/carriers/{source}}: a carrier's own API, or
 * an aggregator posting for many carriers.
 */
public interface WebhookReceiver {
    /** The request header that carries the delivery's signature ({@code X-Hmac-Signature}). */
    String webhookSignatureHeader();

    /**
     * Verifies a tracking webhook's signature and reads its events. An unsigned, wrongly signed or stale delivery is
     * refused with {@link WebhookRejected}.
     *
     * @param signatureHeader the value of {@link #webhookSignatureHeader()} (null when absent)
     * @param body the raw body as received
     */
    List<TrackingEvent> parseWebhook(String signatureHeader, byte[] body);
}
