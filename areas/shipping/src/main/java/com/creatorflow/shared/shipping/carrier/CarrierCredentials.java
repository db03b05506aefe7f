package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's carrier API keys and webhook secrets, by adapter name ({@code easypost}, or a carrier's code),
 * as one JSON document {@code {"easypost": {"apiKey": "...", "webhookSecret": "..."}}}: from
 * {@code CARRIER_CREDENTIALS} (local runtime and tests) or else the Secrets Manager secret named by
 * {@code CARRIER_CREDENTIALS_SECRET_NAME} (AWS), read once.
 */
public final class CarrierCredentials {
    private final Map<String, Credential> byCarrier;
    private final Map<String, JsonNode> documents;

    /**
     * One carrier's secrets.
     *
     * @param apiKey the API key
     * @param webhookSecret the webhook signing secret
     */
    public record Credential(String apiKey, String webhookSecret) {
        @Override
        public String toString() {
            return "Credential[redacted]";
        }
    }

    private CarrierCredentials(Map<String, Credential> byCarrier, Map<String, JsonNode> documents) {
        this.byCarrier = Map.copyOf(byCarrier);
        this.documents = Map.copyOf(documents);
    }

    /** Parses the JSON document. */
    public static CarrierCredentials parse(String json) {
        Map<String, Credential> map = new HashMap<>();
        Map<String, JsonNode> documents = new HashMap<>();
        JsonNode root = Json.tree(json == null || json.isBlank() ? "{}" : json);
        root.fields().forEachRemaining(e -> {
            map.put(e.getKey(), new Credential(e.getValue().path("apiKey").asText(null),
                    e.getValue().path("webhookSecret").asText(null)));
            documents.put(e.getKey(), e.getValue());
        });
        return new CarrierCredentials(map, documents);
    }

    /** The credentials configured for a function (see the class comment); none when neither variable is set. */
    public static CarrierCredentials fromEnv(Env env) {
        Optional<String> inline = env.optional("CARRIER_CREDENTIALS");
        if (inline.isPresent()) {
            return parse(inline.get());
        }
        return env.optional("CARRIER_CREDENTIALS_SECRET_NAME")
                .map(name -> parse(env.aws().secretsManager().getSecretValue(r -> r.secretId(name)).secretString()))
                .orElseGet(() -> new CarrierCredentials(Map.of(), Map.of()));
    }

    /** A carrier's credentials (empty values when none are configured). */
    public Credential of(Carrier carrier) {
        return of(carrier.code());
    }

    /** The credentials under a name ({@code easypost}, or a carrier's code); empty values when none. */
    public Credential of(String name) {
        return byCarrier.getOrDefault(name, new Credential(null, null));
    }

    /** A carrier's whole entry (a direct adapter's client id, secret, account, ...); empty when none. */
    public JsonNode document(Carrier carrier) {
        return documents.getOrDefault(carrier.code(), Json.object());
    }

    @Override
    public String toString() {
        return "CarrierCredentials[" + byCarrier.keySet() + ", redacted]";
    }
}
