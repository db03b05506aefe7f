package com.creatorflow.shared.shipping.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A creator's own account at a carrier, as its developer portal issues it: the OAuth client id and secret of the app,
 * the shipper account number labels are billed to, the secret that authenticates its tracking webhooks, and the
 * carrier's extra identifiers (USPS {@code crid}, {@code mid}, {@code manifestMid}).
 *
 * @param clientId the OAuth client id (UPS and FedEx "API key", USPS "consumer key")
 * @param clientSecret the OAuth client secret
 * @param accountNumber the shipper account labels are billed to (UPS shipper number, FedEx account, USPS EPS account)
 * @param webhookSecret the secret tracking webhooks carry (UPS Track Alert credential); null when none
 * @param extra further identifiers by name
 */
public record DirectAccount(String clientId, String clientSecret, String accountNumber, String webhookSecret,
                            Map<String, String> extra) {
    public DirectAccount {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Reads one carrier's entry of the credentials document ({@code {"clientId": ..., "crid": ...}}). */
    public static DirectAccount of(JsonNode node) {
        Map<String, String> extra = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) {
                extra.put(e.getKey(), e.getValue().asText());
            }
        });
        return new DirectAccount(extra.remove("clientId"), extra.remove("clientSecret"),
                extra.remove("accountNumber"), extra.remove("webhookSecret"), extra);
    }

    /** A further identifier, if configured. */
    public Optional<String> extra(String name) {
        return Optional.ofNullable(extra.get(name)).filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "DirectAccount[" + extra.keySet() + ", secrets redacted]";
    }
}
