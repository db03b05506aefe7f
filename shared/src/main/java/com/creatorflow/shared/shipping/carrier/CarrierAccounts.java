package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Creators' own carrier accounts: which adapter ({@code easypost}), test or live mode, and the API key and webhook
 * secret, stored in the {@code ShippingTable} at {@code pk = TENANT#<id>}, {@code sk = CARRIER_ACCOUNT#<adapter>}
 * with the credentials sealed by the PII key ({@link PiiCipher}, context {@code carrier-account#<tenant>#<adapter>})
 * and never answered: the API shows a masked hint of the key only. A tenant with an account ships through it (its
 * adapters are built once and kept while the account is unchanged; the account is read again after a minute); a
 * tenant without one ships with the deployment's configured carriers ({@link CarrierAdapters#fromEnv}).
 */
public final class CarrierAccounts implements TenantCarriers {
    /** The adapters a creator can bring an account for. */
    public static final Set<String> ADAPTERS = Set.of(CarrierAdapters.EASYPOST);
    /** The fields {@code PUT /v1/shipping/carrier-accounts/{adapter}} accepts. */
    public static final List<String> FIELDS = List.of("mode", "apiKey", "webhookSecret", "carriers");
    private static final String SK = "CARRIER_ACCOUNT#";
    private static final Duration REREAD = Duration.ofMinutes(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final PiiCipher cipher;
    private final URI easyPostUrl;
    private final CarrierSettings resilience;
    private final CarrierAdapters deployment;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * A creator's account as the API shows it.
     *
     * @param adapter {@code easypost}
     * @param mode {@code test} or {@code live}
     * @param keyHint the key's first four and last four characters
     * @param carriers the carriers it ships with (codes)
     * @param webhookSecretSet whether a webhook secret is stored
     * @param updatedBy who saved it
     * @param updatedAt when
     */
    public record CarrierAccount(String adapter, String mode, String keyHint, List<String> carriers,
                                 boolean webhookSecretSet, String updatedBy, Instant updatedAt) {
    }

    private record Cached(Instant readAt, Instant updatedAt, CarrierAdapters adapters) {
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     * @param cipher seals and opens the credentials
     * @param easyPostUrl the EasyPost API accounts talk to (null: no EasyPost in this deployment)
     * @param resilience timeouts and retries of the adapters built for accounts
     * @param deployment the deployment's carriers, for tenants without an account
     * @param clock cache and audit times
     */
    public CarrierAccounts(DynamoDbClient dynamo, String table, PiiCipher cipher, URI easyPostUrl,
                           CarrierSettings resilience, CarrierAdapters deployment, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.easyPostUrl = easyPostUrl;
        this.resilience = resilience;
        this.deployment = deployment;
        this.clock = clock;
    }

    /** Accounts wired from {@code SHIPPING_TABLE}, the PII key and {@code EASYPOST_API_URL}. */
    public static CarrierAccounts fromEnv(Env env) {
        URI url = env.optional("EASYPOST_API_URL").filter(u -> !u.isBlank()).map(URI::create).orElse(null);
        return new CarrierAccounts(env.aws().dynamo(), env.require("SHIPPING_TABLE"), PiiCipher.fromEnv(env), url,
                CarrierAdapters.settings(env, url, new CarrierCredentials.Credential(null, null)),
                CarrierAdapters.fromEnv(env), Clock.systemUTC());
    }

    /** A tenant's accounts, credentials masked. */
    public List<CarrierAccount> list(String tenantId) {
        List<CarrierAccount> accounts = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("pk = :pk and begins_with(sk, :sk)")
                        .expressionAttributeValues(Map.of(":pk", s("TENANT#" + tenantId), ":sk", s(SK))))
                .items().forEach(item -> accounts.add(view(item)));
        return accounts;
    }

    /** Saves an account (replacing the adapter's earlier one); the answer is masked. */
    public CarrierAccount save(String tenantId, String adapter, JsonNode body, String actor) {
        requireAdapter(adapter);
        String mode = body.path("mode").asText("");
        if (!mode.equals("test") && !mode.equals("live")) {
            throw new ValidationFailed("mode", "mode must be test or live");
        }
        String key = body.path("apiKey").asText("").strip();
        String prefix = mode.equals("test") ? "EZTK" : "EZAK";
        if (key.length() < 12 || key.length() > 200 || !key.startsWith(prefix)) {
            throw new ValidationFailed("apiKey", "an EasyPost " + mode + "-mode API key (starting " + prefix
                    + ") is required");
        }
        String secret = body.path("webhookSecret").isNull() ? "" : body.path("webhookSecret").asText("");
        if (secret.length() > 200) {
            throw new ValidationFailed("webhookSecret", "at most 200 characters");
        }
        List<String> carriers = new ArrayList<>();
        JsonNode listed = body.path("carriers");
        if (!listed.isMissingNode() && !listed.isArray()) {
            throw new ValidationFailed("carriers", "a list of carrier codes");
        }
        for (int i = 0; i < listed.size(); i++) {
            try {
                carriers.add(Carrier.ofCode(listed.get(i).asText()).code());
            } catch (ValidationFailed e) {
                throw new ValidationFailed("carriers[" + i + "]", e.getMessage());
            }
        }
        Instant now = clock.instant();
        byte[] sealed = cipher.encrypt(Json.write(Map.of("apiKey", key, "webhookSecret", secret)),
                context(tenantId, adapter));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("TENANT#" + tenantId));
        item.put("sk", s(SK + adapter));
        item.put("adapter", s(adapter));
        item.put("mode", s(mode));
        item.put("keyHint", s(key.substring(0, 4) + "****" + key.substring(key.length() - 4)));
        item.put("credentials", AttributeValue.fromB(SdkBytes.fromByteArray(sealed)));
        item.put("webhookSecretSet", AttributeValue.fromBool(!secret.isEmpty()));
        item.put("carriers", AttributeValue.fromL(carriers.stream().map(CarrierAccounts::s).toList()));
        item.put("updatedBy", s(actor));
        item.put("updatedAt", s(now.toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
        cache.remove(tenantId);
        return view(item);
    }

    /** Removes an account: the tenant ships with the deployment's carriers again. */
    public void delete(String tenantId, String adapter) {
        requireAdapter(adapter);
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of("pk", s("TENANT#" + tenantId), "sk", s(SK + adapter))));
        cache.remove(tenantId);
    }

    /**
     * Calls the carrier with the stored credentials (EasyPost: lists one address, which any valid key may) and says
     * whether it answered; a refusal is reported with the carrier's words, not raised.
     */
    public Map<String, Object> check(String tenantId, String adapter) {
        requireAdapter(adapter);
        Map<String, AttributeValue> item = item(tenantId, adapter)
                .orElseThrow(() -> new ValidationFailed("adapter", "no " + adapter + " account is saved"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("adapter", adapter);
        answer.put("mode", item.get("mode").s());
        try {
            client(tenantId, item).checkKey();
            answer.put("ok", true);
            answer.put("message", "EasyPost accepted the " + item.get("mode").s() + "-mode key");
        } catch (RuntimeException e) {
            answer.put("ok", false);
            answer.put("message", e.getMessage());
        }
        return answer;
    }

    @Override
    public CarrierAdapters forTenant(String tenantId) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenantId);
        if (cached != null && now.isBefore(cached.readAt().plus(REREAD))) {
            return cached.adapters();
        }
        Optional<Map<String, AttributeValue>> item = item(tenantId, CarrierAdapters.EASYPOST);
        Instant updatedAt = item.map(i -> Instant.parse(i.get("updatedAt").s())).orElse(Instant.EPOCH);
        CarrierAdapters adapters;
        if (cached != null && cached.updatedAt().equals(updatedAt)) {
            adapters = cached.adapters();
        } else if (item.isEmpty()) {
            adapters = deployment;
        } else {
            Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
            item.get().get("carriers").l().forEach(c -> carriers.add(Carrier.ofCode(c.s())));
            adapters = CarrierAdapters.easyPost(client(tenantId, item.get()),
                    carriers.isEmpty() ? EnumSet.allOf(Carrier.class) : carriers, resilience, false, clock);
        }
        cache.put(tenantId, new Cached(now, updatedAt, adapters));
        return adapters;
    }

    private EasyPostClient client(String tenantId, Map<String, AttributeValue> item) {
        if (easyPostUrl == null) {
            throw new CarrierUnavailable("this deployment has no EasyPost API configured (EASYPOST_API_URL)");
        }
        JsonNode secrets = Json.tree(cipher.decrypt(item.get("credentials").b().asByteArray(),
                context(tenantId, item.get("adapter").s())));
        String webhookSecret = secrets.path("webhookSecret").asText("");
        return new EasyPostClient(easyPostUrl, secrets.path("apiKey").asText(),
                webhookSecret.isEmpty() ? null : webhookSecret, resilience.timeout(), CarrierAdapters.sharedHttp(),
                clock);
    }

    private Optional<Map<String, AttributeValue>> item(String tenantId, String adapter) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("pk", s("TENANT#" + tenantId), "sk", s(SK + adapter)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static CarrierAccount view(Map<String, AttributeValue> item) {
        return new CarrierAccount(item.get("adapter").s(), item.get("mode").s(), item.get("keyHint").s(),
                item.get("carriers").l().stream().map(AttributeValue::s).toList(),
                Boolean.TRUE.equals(item.get("webhookSecretSet").bool()), item.get("updatedBy").s(),
                Instant.parse(item.get("updatedAt").s()));
    }

    private static void requireAdapter(String adapter) {
        if (!ADAPTERS.contains(adapter)) {
            throw new ValidationFailed("adapter", "unknown adapter " + adapter + "; one of " + ADAPTERS);
        }
    }

    private static String context(String tenantId, String adapter) {
        return "carrier-account#" + tenantId + "#" + adapter;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
