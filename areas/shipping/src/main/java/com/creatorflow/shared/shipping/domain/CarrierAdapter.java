package com.creatorflow.shared.shipping.domain;

import java.util.List;

/**
 * One carrier behind one interface. Failures are typed: {@code CarrierUnavailable} when the carrier cannot answer
 * (outage, 5xx, timeout, refused credentials, open circuit), {@code ValidationFailed} when it refuses the request
 * (bad address, unknown service, a label that can no longer be voided). Its tracking webhooks are read through
 * {@link WebhookReceiver}.
 */
public interface CarrierAdapter extends WebhookReceiver {
    /** The carrier this adapter speaks to. */
    Carrier carrier();

    /** Prices and promises of every service the carrier offers for the shipment. */
    List<RateQuote> rates(ShipmentRequest request);

    /**
     * Buys a label for every parcel. The idempotency key makes a retried purchase return the first one instead of
     * buying twice.
     */
    PurchasedLabel buyLabel(ShipmentRequest request, String serviceCode, String idempotencyKey);

    /** Voids an unused label so it is not charged; voiding a voided label succeeds. */
    void voidLabel(String trackingNumber);

    /** Every event the carrier has for a parcel, oldest first. */
    List<TrackingEvent> track(String trackingNumber);
}
