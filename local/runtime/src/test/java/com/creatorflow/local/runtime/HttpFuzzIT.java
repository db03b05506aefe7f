package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Property-based fuzzing through the local runtime's HTTP front door, against the real local services (Dynoxide,
 * ElasticMQ, the engines). Every creators' API route of {@code template.yaml} gets random path parameters, query
 * parameters (named in {@code docs/api}) and bodies (built from the route's schema in {@code docs/api}, then broken
 * in one place, or not an object at all); the TikTok webhook intake gets signed and unsigned random, mutated and
 * oversized envelopes; the rules API random event patterns; the stock import random CSV files. The properties:
 * never a 5xx, a 4xx is a problem document, and a refused write changes nothing (the tenant's order, stock, rules,
 * settings and preferences are read before and after; a refused webhook stores no notification). Tries per
 * property: {@code -Dfuzz.tries} (docs/testing.md).
 */
class HttpFuzzIT {
    private static final String APP_KEY = "fuzz-app";
    private static final String APP_SECRET = "fuzz-secret-" + UUID.randomUUID();
    private static final String SKU = "FUZZ-TEE";
    private static final FiveHundreds FIVE_HUNDREDS = new FiveHundreds();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong NOTIFICATIONS = new AtomicLong();

    private static LocalRuntime runtime;
    private static Map<String, Operation> operations;
    private static List<HttpRoute> apiRoutes;
    private static IdempotencyStore notifications;
    private static String tenant;
    private static String token;
    private static String orderId;
    private static String shopId;

    /** An operation of docs/api and the document its {@code $ref}s point into. */
    private record Operation(Map<String, Object> spec, Map<String, Object> document) {
    }

    /** The 5xx answers seen, printed when the suite ends. */
    private static final class FiveHundreds {
        private final List<String> seen = new ArrayList<>();

        synchronized void add(String what) {
            seen.add(what);
        }

        synchronized List<String> all() {
            return List.copyOf(seen);
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        runtime = LocalRuntime.start(RuntimeOptions.forTests(), Map.of("API_RATE_LIMIT_PER_SECOND", "1000000",
                "API_TOKEN_RATE_LIMIT_PER_SECOND", "1000000", "TIKTOK_APP_KEY", APP_KEY, "TIKTOK_APP_SECRET", APP_SECRET));
        runtime.setSqsEventSourcesEnabled("TikTokSyncFunction", false);
        CfnTemplate template = CfnTemplate.project();
        apiRoutes = HttpFrontDoor.routesOf(template).stream().filter(HttpRoute::authorized).toList();
        operations = operations(template.baseDir().resolve("docs").resolve("api"));
        Env env = runtime.functions().get("CreatorApiFunction").env();
        notifications = IdempotencyStore.fromEnv(runtime.functions().get("WebhookIntakeFunction").env());
        tenant = "fuzz-" + UUID.randomUUID();
        token = token(tenant);
        Order shipped = Orders.sample(tenant).toBuilder().state(OrderState.SHIPPED).build();
        orderId = OrderRepository.fromEnv(env).create(shipped, "system:test", "fuzz seed").orderId();
        send("POST", "/v1/inventory/skus/" + SKU + "/adjustments", "application/json",
                "{\"delta\": 40, \"reason\": \"fuzz seed\"}", bearer());
        send("PUT", "/v1/rules", "application/json", "{\"rules\": [{\"id\": \"big\", \"name\": \"Big\", "
                + "\"priority\": 1, \"pattern\": {\"total\": [{\"numeric\": [\">\", 100]}]}, "
                + "\"actions\": [{\"type\": \"addTag\", \"tag\": \"big\"}]}]}", bearer());
        shopId = "fuzz-shop-" + UUID.randomUUID();
        ShopRegistry.fromEnv(runtime.functions().get("TikTokSyncFunction").env()).save(new Shop(shopId, tenant,
                "Fuzz shop", "US", "cipher", Shop.Status.AUTHORIZED, "access", Instant.now().plusSeconds(3_600),
                "refresh", Instant.now().plusSeconds(86_400)));
    }

    @AfterContainer
    static void stop() {
        System.out.println("HttpFuzzIT: " + FIVE_HUNDREDS.all().size() + " answers were 5xx: " + FIVE_HUNDREDS.all());
        runtime.close();
    }

    @Provide
    Arbitrary<HttpRoute> apiRoutes() {
        return Arbitraries.of(apiRoutes);
    }

    @Property
    void everyCreatorApiRouteAnswersRandomInputWithoutA5xxAndARefusedWriteChangesNothing(
            @ForAll("apiRoutes") HttpRoute route, @ForAll Random random) throws Exception {
        FuzzInputs in = new FuzzInputs(random);
        Operation operation = operations.get(route.routeKey());
        StringBuilder path = new StringBuilder();
        for (String segment : route.path().substring(1).split("/")) {
            path.append('/').append(segment.startsWith("{") ? encode(pathValue(segment, in)) : segment);
        }
        String query = query(operation, in);
        String contentType = "application/json";
        String body = null;
        if (operation != null && operation.spec().containsKey("requestBody")) {
            Map<String, Object> content = CfnTemplate.map(CfnTemplate.map(operation.spec().get("requestBody"))
                    .get("content"));
            contentType = content.keySet().iterator().next();
            Map<String, Object> schema = CfnTemplate.map(CfnTemplate.map(content.get(contentType)).get("schema"));
            body = contentType.equals("text/csv") ? in.csv(List.of(SKU, "OTHER"))
                    : in.oneIn(4) ? in.rawBody()
                    : Json.write(in.oneIn(5) ? in.fromSchema(schema, operation.document(), 0)
                            : in.mutate(in.fromSchema(schema, operation.document(), 0)));
        } else if (in.oneIn(6)) {
            body = in.rawBody();
        }
        if (in.oneIn(10)) {
            contentType = in.pick(List.of("text/plain", "application/octet-stream", "application/json; charset=x"));
        }
        boolean write = !route.method().equals("GET");
        List<String> before = write ? snapshot(route.function()) : null;
        HttpResponse<String> response = send(route.method(), path + query, contentType, body, bearer());
        check(route.routeKey(), response, body);
        if (write && response.statusCode() >= 400) {
            assertThat(snapshot(route.function())).as("a refused " + route.routeKey() + " changes nothing")
                    .isEqualTo(before);
        }
    }

    @Example
    void anIdOverTheKeyLimitIsA400NamingItOnEveryRouteThatTakesOne() throws Exception {
        String overlong = "9".repeat(1_100);
        int checked = 0;
        for (HttpRoute route : apiRoutes) {
            if (!route.path().contains("{")) {
                continue;
            }
            String name = route.path().substring(route.path().indexOf('{') + 1, route.path().indexOf('}'));
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
            HttpResponse<String> response = send(route.method(), route.path().replace("{" + name + "}", overlong),
                    "application/json", body, bearer());
            assertThat(response.statusCode()).as(route.routeKey()).isEqualTo(400);
            assertThat(Json.tree(response.body()).at("/errors/0/field").asText()).as(route.routeKey())
                    .isEqualTo(name);
            checked++;
        }
        assertThat(checked).as("routes with a path id").isGreaterThanOrEqualTo(8);
        HttpResponse<String> search = send("GET", "/v1/orders?q=" + overlong, null, null, bearer());
        assertThat(search.statusCode()).isEqualTo(400);
    }

    @Property
    void theWebhookIntakeAnswersRandomSignedAndUnsignedRequestsWithoutA5xx(@ForAll Random random)
            throws Exception {
        FuzzInputs in = new FuzzInputs(random);
        String notificationId = "fuzz-" + NOTIFICATIONS.incrementAndGet() + "-" + UUID.randomUUID();
        ObjectNode envelope = Json.object();
        envelope.put("type", in.oneIn(5) ? 99 : 1).put("tts_notification_id", notificationId)
                .put("shop_id", in.oneIn(6) ? "unknown-shop" : shopId)
                .put("timestamp", in.oneIn(8) ? 1L : Instant.now().getEpochSecond());
        envelope.putObject("data").put("order_id", "57" + random.nextInt(1_000_000))
                .put("order_status", "AWAITING_SHIPMENT").put("update_time", Instant.now().getEpochSecond());
        if (in.oneIn(12)) {
            envelope.withObject("data").put("padding", "p".repeat(400_000 + random.nextInt(100_000)));
        }
        String text = in.oneIn(4) ? in.rawBody() : Json.write(in.oneIn(3) ? envelope : in.mutate(envelope));
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String signature = TikTokSigner.webhookSignature(APP_KEY, APP_SECRET, body);
        String authorization = switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> signature.toUpperCase(Locale.ROOT);
            case 2 -> "Bearer " + signature;
            case 3 -> in.randomText(64).replaceAll("[^\\x21-\\x7e]", "x");
            default -> signature;
        };
        HttpResponse<String> response = send("POST", "/webhooks/tiktok",
                in.oneIn(10) ? "text/plain" : "application/json", text, authorization);
        check("POST /webhooks/tiktok", response, text);
        if (response.statusCode() != 200) {
            assertThat(notifications.get("tiktok-webhook#" + notificationId))
                    .as("a refused webhook (" + response.statusCode() + ") stores nothing").isEmpty();
        }
        if (body.length > 400 * 1024 && authorization != null && authorization.equals(signature)) {
            assertThat(response.statusCode()).as("a signed webhook over DynamoDB's item limit").isEqualTo(413);
        }
    }

    @Property
    void ruleSetsWithRandomPatternsAreSavedOrRefusedWithout5xx(@ForAll Random random) throws Exception {
        FuzzInputs in = new FuzzInputs(random);
        ObjectNode rule = Json.object().put("id", "r" + random.nextInt(1_000)).put("name", "fuzz")
                .put("priority", random.nextInt(20));
        rule.set("pattern", pattern(in, 0));
        rule.putArray("actions").addObject().put("type", "addTag").put("tag", "t");
        ObjectNode ruleSet = Json.object();
        ruleSet.putArray("rules").add(rule);
        if (in.oneIn(4)) {
            ruleSet.put("timeZone", in.pick(List.of("UTC", "America/Los_Angeles", "Mars/Olympus", "")));
        }
        String body = Json.write(in.oneIn(5) ? in.mutate(ruleSet) : ruleSet);
        String before = send("GET", "/v1/rules", null, null, bearer()).body();
        HttpResponse<String> saved = send("PUT", "/v1/rules", "application/json", body, bearer());
        check("PUT /v1/rules", saved, body);
        if (saved.statusCode() >= 400) {
            assertThat(send("GET", "/v1/rules", null, null, bearer()).body()).isEqualTo(before);
        }
        ObjectNode dryRun = Json.object().put("orderId", orderId);
        dryRun.putArray("rules").add(rule);
        check("POST /v1/rules/dry-run", send("POST", "/v1/rules/dry-run", "application/json", Json.write(dryRun),
                bearer()), Json.write(dryRun));
    }

    @Property
    void stockImportsAreAppliedWholeOrRefusedWithout5xx(@ForAll Random random) throws Exception {
        FuzzInputs in = new FuzzInputs(random);
        String csv = in.csv(List.of(SKU, "OTHER", "=FORMULA"));
        boolean partial = in.oneIn(4);
        String before = send("GET", "/v1/inventory/export", null, null, bearer()).body();
        HttpResponse<String> response = send("POST", "/v1/inventory/import" + (partial ? "?partial=true" : ""),
                "text/csv", csv, bearer());
        check("POST /v1/inventory/import", response, csv);
        if (!partial && response.statusCode() >= 400) {
            assertThat(send("GET", "/v1/inventory/export", null, null, bearer()).body())
                    .as("a refused import changes no stock").isEqualTo(before);
        }
    }

    /** An event pattern: mostly EventBridge syntax over the order document's fields, sometimes anything. */
    private static JsonNode pattern(FuzzInputs in, int depth) {
        if (in.oneIn(8)) {
            return in.anyJson(3);
        }
        ObjectNode pattern = Json.object();
        for (int i = 1 + (in.oneIn(2) ? 1 : 0); i > 0; i--) {
            String field = in.oneIn(6) ? in.oddString() : in.pick(List.of("state", "sku", "total", "tags",
                    "shipTo", "lines", "quantity", "isPaid", "hourOfDay", "$or"));
            if (field.equals("$or")) {
                pattern.putArray(field).add(pattern(in, depth + 1)).add(pattern(in, depth + 1));
            } else if ((field.equals("shipTo") || field.equals("lines")) && depth < 3) {
                pattern.set(field, Json.object().set(field.equals("shipTo") ? "country" : "sku",
                        matchers(in)));
            } else {
                pattern.set(field, matchers(in));
            }
        }
        return pattern;
    }

    private static JsonNode matchers(FuzzInputs in) {
        var array = Json.MAPPER.createArrayNode();
        for (int i = in.oneIn(5) ? 0 : 1 + (in.oneIn(3) ? 1 : 0); i > 0; i--) {
            switch (in.pick(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))) {
                case 0 -> array.add(in.oddString());
                case 1 -> array.add(in.oddNumber());
                case 2 -> array.addObject().put("prefix", in.oddString());
                case 3 -> array.addObject().put("suffix", in.oddString());
                case 4 -> array.addObject().put("wildcard", in.pick(List.of("T*-*", "**", "*", "a\\*")));
                case 5 -> array.addObject().set("anything-but", in.anyJson(1));
                case 6 -> array.addObject().putArray("numeric").add(in.pick(List.of(">", "<=", "=", "!", "")))
                        .add(in.oddNumber());
                case 7 -> array.addObject().set("exists", in.anyJson(0));
                case 8 -> array.addObject().set("equals-ignore-case", in.anyJson(0));
                default -> array.add(in.anyJson(1));
            }
        }
        return in.oneIn(10) ? in.anyJson(1) : array;
    }

    /** A path parameter: the seeded id or SKU often, else an odd one. */
    private static String pathValue(String segment, FuzzInputs in) {
        String name = segment.substring(1, segment.length() - 1);
        if (in.oneIn(3)) {
            return switch (name) {
                case "orderId" -> orderId;
                case "sku" -> SKU;
                case "version" -> "1";
                default -> UUID.randomUUID().toString();
            };
        }
        String value = in.oddString();
        return value.isEmpty() ? "x" : value;
    }

    /** The route's documented query parameters (and an unknown one), each valid or odd. */
    private static String query(Operation operation, FuzzInputs in) {
        List<String> pairs = new ArrayList<>();
        if (operation != null && operation.spec().get("parameters") instanceof List<?> parameters) {
            for (Object raw : parameters) {
                Map<String, Object> parameter = CfnTemplate.map(raw);
                if ("query".equals(parameter.get("in")) && in.oneIn(2)) {
                    JsonNode value = in.oneIn(2) ? in.fromSchema(CfnTemplate.map(parameter.get("schema")),
                            operation.document(), 0) : Json.toTree(in.oddString());
                    pairs.add(encode(String.valueOf(parameter.get("name"))) + "=" + encode(value.asText()));
                }
            }
        }
        if (in.oneIn(8)) {
            pairs.add(encode(in.oddString()) + "=" + encode(in.oddString()));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** Never a 5xx; a 4xx from a function is a problem document. */
    private static void check(String route, HttpResponse<String> response, String body) {
        int status = response.statusCode();
        Statistics.label("status").collect(route, status / 100 + "xx");
        if (status >= 500) {
            FIVE_HUNDREDS.add(route + " -> " + status + " " + response.body() + " for "
                    + (body == null ? "no body" : body.substring(0, Math.min(200, body.length()))));
        }
        assertThat(status).as(route + " answered " + response.body()).isLessThan(500);
        boolean frontDoor = response.body().startsWith("{\"message\"") || response.body().isEmpty();
        if (status >= 400 && !frontDoor) {
            assertThat(response.headers().firstValue("Content-Type")).as(route + " " + response.body())
                    .contains("application/problem+json");
        }
    }

    /**
     * What the tenant has that a function's writes could change: its order, stock, rules, preferences, ... Taken
     * once the bulk jobs an earlier try started have run, as they change the order in the background.
     */
    private static List<String> snapshot(String function) throws Exception {
        String bulkJobs = runtime.queues().get("BulkJobsQueue");
        Eventually.await("bulk jobs of earlier tries have run", Duration.ofSeconds(60), () -> runtime.functions()
                .get("CreatorApiFunction").env().aws().sqs().getQueueAttributes(r -> r.queueUrl(bulkJobs)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().allMatch("0"::equals));
        List<String> out = new ArrayList<>();
        for (String path : switch (function) {
            case "InventoryApiFunction" -> List.of("/v1/inventory/export", "/v1/inventory/settings",
                    "/v1/inventory/bundles", "/v1/inventory/skus/" + SKU);
            case "RulesApiFunction" -> List.of("/v1/rules");
            case "NotificationApiFunction" -> List.of("/v1/notification-preferences");
            default -> List.of("/v1/orders/" + orderId, "/v1/reviews?status=OPEN");
        }) {
            out.add(path + " " + send("GET", path, null, null, bearer()).body());
        }
        return out;
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body,
                                             String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(URI.create(pathAndQuery)))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bearer() {
        return "Bearer " + token;
    }

    private static String token(String tenantId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenantId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.tree(response.body()).get("token").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every operation of docs/api/*.yaml by route key ({@code POST /v1/rules/dry-run}). */
    private static Map<String, Operation> operations(Path folder) throws IOException {
        Map<String, Operation> out = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Map<String, Object> document;
                try (Reader reader = Files.newBufferedReader(file)) {
                    document = new Yaml().load(reader);
                }
                CfnTemplate.map(document.get("paths")).forEach((path, methods) -> CfnTemplate.map(methods)
                        .forEach((method, spec) -> out.put(method.toUpperCase(Locale.ROOT) + " " + path,
                                new Operation(CfnTemplate.map(spec), document))));
            }
        }
        return out;
    }
}
