package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.carrier.direct.DirectCarrierAdapters;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostClient;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * Creators' own carrier accounts: which adapter ({@code easypost}, or {@code ups}, {@code usps}, {@code fedex} for
 * the carriers' own APIs), test or live mode, and the credentials (EasyPost: API key and webhook secret; direct: OAuth
 * client id and secret, account number, UPS webhook secret, USPS CRID, MID and manifest MID), stored in the
 * {@code ShippingTable} at {@code pk = TENANT#<id>}, {@code sk = CARRIER_ACCOUNT#<adapter>} with the credentials
 * sealed by the PII key ({@link PiiCipher}, context {@code carrier-account#<tenant>#<adapter>}) and never answered:
 * the API shows a masked hint of the key (or client id) only. A tenant with an EasyPost account ships through it,
 * else with the deployment's configured carriers ({@link CarrierAdapters#fromEnv}); a direct account replaces the
 * adapter of its carrier. The mode picks the carrier's test or production host unless the deployment sets
 * {@code CARRIER_<CODE>_URL}. Adapters are built once and kept while the accounts are unchanged; they are read again
 * after a minute.
 */
public final class CarrierAccounts implements TenantCarriers {
    /** The adapters a creator can bring an account for. */
    public static final Set<String> ADAPTERS = Set.of(CarrierAdapters.EASYPOST, "ups", "usps", "fedex");
    /** The fields {@code PUT /v1/shipping/carrier-accounts/{adapter}} accepts (each adapter takes its own). */
    public static final List<String> FIELDS = List.of("mode", "apiKey", "webhookSecret", "carriers", "clientId",
            "clientSecret", "accountNumber", "crid", "mid", "manifestMid");
    private static final Map<String, List<String>> ADAPTER_FIELDS = Map.of(
            CarrierAdapters.EASYPOST, List.of("mode", "apiKey", "webhookSecret", "carriers"),
            "ups", List.of("mode", "clientId", "clientSecret", "accountNumber", "webhookSecret"),
            "usps", List.of("mode", "clientId", "clientSecret", "accountNumber", "crid", "mid", "manifestMid"),
            "fedex", List.of("mode", "clientId", "clientSecret", "accountNumber"));
    private static final Map<Carrier, URI[]> HOSTS = Map.of(
            Carrier.UPS, new URI[] {URI.create("https://wwwcie.ups.com"), URI.create("https://onlinetools.ups.com")},
            Carrier.USPS, new URI[] {URI.create("https://apis-tem.usps.com"), URI.create("https://apis.usps.com")},
            Carrier.FEDEX, new URI[] {URI.create("https://apis-sandbox.fedex.com"),
                URI.create("https://apis.fedex.com")});
    private static final String SK = "CARRIER_ACCOUNT#";
    private static final Duration REREAD = Duration.ofMinutes(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final PiiCipher cipher;
    private final URI easyPostUrl;
    private final Map<Carrier, URI> directUrls;
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

    private record Cached(Instant readAt, String version, CarrierAdapters adapters) {
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     * @param cipher seals and opens the credentials
     * @param easyPostUrl the EasyPost API accounts talk to (null: no EasyPost in this deployment)
     * @param directUrls the deployment's host per direct carrier, overriding the mode's (the simulator locally)
     * @param resilience timeouts and retries of the adapters built for accounts
     * @param deployment the deployment's carriers, for tenants without an account
     * @param clock cache and audit times
     */
    public CarrierAccounts(DynamoDbClient dynamo, String table, PiiCipher cipher, URI easyPostUrl,
                           Map<Carrier, URI> directUrls, CarrierSettings resilience,
                           CarrierAdapters deployment, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.easyPostUrl = easyPostUrl;
        this.directUrls = Map.copyOf(directUrls);
        this.resilience = resilience;
        this.deployment = deployment;
        this.clock = clock;
    }

    /**
     * Accounts wired from {@code SHIPPING_TABLE}, the PII key, {@code EASYPOST_API_URL} and the direct carriers'
     * {@code CARRIER_<CODE>_URL} overrides.
     */
    public static CarrierAccounts fromEnv(Env env) {
        URI url = env.optional("EASYPOST_API_URL").filter(u -> !u.isBlank()).map(URI::create).orElse(null);
        Map<Carrier, URI> direct = new EnumMap<>(Carrier.class);
        for (Carrier carrier : HOSTS.keySet()) {
            env.optional(carrier.envPrefix() + "_URL").filter(u -> !u.isBlank())
                    .ifPresent(u -> direct.put(carrier, URI.create(u)));
        }
        return new CarrierAccounts(env.aws().dynamo(), env.require("SHIPPING_TABLE"), PiiCipher.fromEnv(env), url,
                direct, CarrierAdapters.settings(env, url, new CarrierCredentials.Credential(null, null)),
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
        body.fieldNames().forEachRemaining(field -> {
            if (!ADAPTER_FIELDS.get(adapter).contains(field)) {
                throw new ValidationFailed(field, field + " is not a field of a " + adapter + " account; one of "
                        + ADAPTER_FIELDS.get(adapter));
            }
        });
        String mode = body.path("mode").asText("");
        if (!mode.equals("test") && !mode.equals("live")) {
            throw new ValidationFailed("mode", "mode must be test or live");
        }
        String secret = optional(body, "webhookSecret");
        Map<String, String> sealed = new LinkedHashMap<>();
        String hint;
        List<String> carriers = new ArrayList<>();
        if (adapter.equals(CarrierAdapters.EASYPOST)) {
            String key = body.path("apiKey").asText("").strip();
            String prefix = mode.equals("test") ? "EZTK" : "EZAK";
            if (key.length() < 12 || key.length() > 200 || !key.startsWith(prefix)) {
                throw new ValidationFailed("apiKey", "an EasyPost " + mode + "-mode API key (starting " + prefix
                        + ") is required");
            }
            sealed.put("apiKey", key);
            hint = key.substring(0, 4) + "****" + key.substring(key.length() - 4);
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
        } else {
            for (String field : List.of("clientId", "clientSecret", "accountNumber")) {
                sealed.put(field, required(body, field));
            }
            if (adapter.equals("usps")) {
                sealed.put("crid", required(body, "crid"));
                sealed.put("mid", required(body, "mid"));
                String manifest = optional(body, "manifestMid");
                if (!manifest.isEmpty()) {
                    sealed.put("manifestMid", manifest);
                }
            }
            String clientId = sealed.get("clientId");
            hint = clientId.length() >= 12 ? clientId.substring(0, 4) + "****" + clientId.substring(
                    clientId.length() - 4) : "****";
            carriers.add(adapter);
        }
        if (!secret.isEmpty()) {
            sealed.put("webhookSecret", secret);
        }
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("TENANT#" + tenantId));
        item.put("sk", s(SK + adapter));
        item.put("adapter", s(adapter));
        item.put("mode", s(mode));
        item.put("keyHint", s(hint));
        item.put("credentials", AttributeValue.fromB(SdkBytes.fromByteArray(cipher.encrypt(Json.write(sealed),
                context(tenantId, adapter)))));
        item.put("webhookSecretSet", AttributeValue.fromBool(!secret.isEmpty()));
        item.put("carriers", AttributeValue.fromL(carriers.stream().map(CarrierAccounts::s).toList()));
        item.put("updatedBy", s(actor));
        item.put("updatedAt", s(now.toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
        cache.remove(tenantId);
        return view(item);
    }

    private static String required(JsonNode body, String field) {
        String value = optional(body, field);
        if (value.isEmpty()) {
            throw new ValidationFailed(field, field + " is required");
        }
        return value;
    }

    private static String optional(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new ValidationFailed(field, field + " must be a string");
        }
        String text = value.asText().strip();
        if (text.length() > 200) {
            throw new ValidationFailed(field, field + " must be at most 200 characters");
        }
        return text;
    }

    /** Removes an account: the tenant ships with the deployment's carriers again. */
    public void delete(String tenantId, String adapter) {
        requireAdapter(adapter);
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of("pk", s("TENANT#" + tenantId), "sk", s(SK + adapter))));
        cache.remove(tenantId);
    }

    /**
     * Calls the carrier with the stored credentials (EasyPost: lists one address, which any valid key may; a direct
     * carrier: fetches a new OAuth token) and says whether it answered; a refusal is reported with the carrier's
     * words, not raised.
     */
    public Map<String, Object> check(String tenantId, String adapter) {
        requireAdapter(adapter);
        Map<String, AttributeValue> item = item(tenantId, adapter)
                .orElseThrow(() -> new ValidationFailed("adapter", "no " + adapter + " account is saved"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("adapter", adapter);
        answer.put("mode", item.get("mode").s());
        try {
            if (adapter.equals(CarrierAdapters.EASYPOST)) {
                client(tenantId, item).checkKey();
                answer.put("message", "EasyPost accepted the " + item.get("mode").s() + "-mode key");
            } else {
                CarrierAdapter direct = direct(tenantId, item);
                DirectCarrierAdapters.checkCredentials(direct);
                answer.put("message", direct.carrier().displayName() + " issued a token for the "
                        + item.get("mode").s() + "-mode credentials");
            }
            answer.put("ok", true);
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
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        for (String adapter : List.of(CarrierAdapters.EASYPOST, "ups", "usps", "fedex")) {
            item(tenantId, adapter).ifPresent(i -> items.put(adapter, i));
        }
        StringBuilder version = new StringBuilder();
        items.forEach((adapter, i) -> version.append(adapter).append('@').append(i.get("updatedAt").s()).append(';'));
        CarrierAdapters adapters;
        if (cached != null && cached.version().contentEquals(version)) {
            adapters = cached.adapters();
        } else {
            Map<String, AttributeValue> easyPost = items.remove(CarrierAdapters.EASYPOST);
            CarrierAdapters base = deployment;
            if (easyPost != null) {
                Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
                easyPost.get("carriers").l().forEach(c -> carriers.add(Carrier.ofCode(c.s())));
                base = CarrierAdapters.easyPost(client(tenantId, easyPost),
                        carriers.isEmpty() ? EnumSet.allOf(Carrier.class) : carriers, resilience, false, clock);
            }
            List<CarrierAdapter> direct = new ArrayList<>();
            items.values().forEach(i -> direct.add(direct(tenantId, i)));
            adapters = base.with(direct);
        }
        cache.put(tenantId, new Cached(now, version.toString(), adapters));
        return adapters;
    }

    /** The direct adapter of an account, without a Track Alert subscription (its webhooks are not received yet). */
    private CarrierAdapter direct(String tenantId, Map<String, AttributeValue> item) {
        Carrier carrier = Carrier.ofCode(item.get("adapter").s());
        URI host = directUrls.getOrDefault(carrier, HOSTS.get(carrier)[item.get("mode").s().equals("live") ? 1 : 0]);
        JsonNode secrets = Json.tree(cipher.decrypt(item.get("credentials").b().asByteArray(),
                context(tenantId, item.get("adapter").s())));
        CarrierSettings settings = new CarrierSettings(host, null, null, resilience.timeout(), resilience.attempts(),
                resilience.retryWait(), resilience.circuitOpen());
        return DirectCarrierAdapters.create(carrier, settings, DirectAccount.of(secrets),
                null, CarrierAdapters.sharedHttp(), clock);
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
