package com.creatorflow.shared.shipping.domain;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach one carrier API: its endpoint, credentials and resilience settings. Built from configuration; the same
 * adapter talks to the local simulator or the real API depending only on these values.
 *
 * @param baseUrl the API's base URL ({@code https://api.easypost.com/v2})
 * @param apiKey the API key
 * @param webhookSecret the shared secret of its tracking webhooks
 * @param timeout how long one request may take
 * @param attempts tries per call (1 = no retry); purchases are safe to retry thanks to their idempotency key
 * @param retryWait pause between tries
 * @param circuitOpen how long the circuit stays open after the carrier kept failing
 */
public record CarrierSettings(URI baseUrl, String apiKey, String webhookSecret, Duration timeout, int attempts,
                              Duration retryWait, Duration circuitOpen) {
    @Override
    public String toString() {
        return "CarrierSettings[" + baseUrl + ", timeout " + timeout + ", attempts " + attempts + ", secrets redacted]";
    }
}
