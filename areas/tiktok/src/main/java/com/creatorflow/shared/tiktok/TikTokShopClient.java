package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.TikTokUnavailable;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one client for TikTok Shop's Partner API (version 202309). Every call is signed, carries the shop's cipher and
 * access token, and goes through resilience4j: a rate limiter per shop and API (TikTok allows 50 requests/s per API
 * per app and shop), a circuit breaker per shop, and retries with exponential backoff and jitter for transient
 * failures (network errors, HTTP 5xx, 429/36009002, 36009003). An expired or rejected token (105002, 36009004) is
 * refreshed once and the call repeated. A shop that needs connecting again (deauthorized by the seller, or its
 * refresh token expired or refused) is never called: {@link ShopReconnectNeeded} at once. It also exchanges an
 * authorization code for tokens, lists the shops a token covers and registers a shop's webhooks.
 *
 * <p>Failures leave as typed errors: {@link TikTokRejected} for answers a retry will not change, {@link
 * TikTokUnavailable} when retries are exhausted or the shop's circuit is open.
 */
public final class TikTokShopClient {
    private static final Logger LOG = LoggerFactory.getLogger(TikTokShopClient.class);
    /** Most order ids Get Order Detail takes at once. */
    public static final int MAX_IDS_PER_CALL = 50;
    static final long CODE_INVALID_SIGN = 106001;
    static final long CODE_BAD_TOKEN = 36009004;
    /** The metric counted (namespace CreatorFlow) each time a shop's circuit opens; template.yaml alarms on it. */
    public static final String CIRCUIT_OPENED_METRIC = "TikTokCircuitOpened";
    static final long CODE_TOKEN_EXPIRED = 105002;
    /** The metric counted each time a shop is found to need connecting again (refresh token expired or refused). */
    public static final String RECONNECT_NEEDED_METRIC = "TikTokShopReconnectNeeded";
    static final long CODE_RATE_LIMITED = 36009002;
    static final long CODE_INTERNAL = 36009003;

    private final TikTokApp app;
    private final ShopTokens shops;
    private final Clock clock;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Retry retry;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters;
    private final Map<String, Shop> current = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong circuitOpenings = new AtomicLong();

    /**
     * How hard the client tries.
     *
     * @param maxAttempts attempts per call (first call plus retries)
     * @param initialBackoff the first retry's wait; each next one doubles, with 50% jitter
     * @param circuitOpenFor how long a shop's circuit stays open before it lets probes through
     * @param ratePerSecond calls per second per shop and API
     * @param requestTimeout how long one HTTP request may take
     */
    public record Settings(int maxAttempts, Duration initialBackoff, Duration circuitOpenFor, int ratePerSecond,
                           Duration requestTimeout) {
        /** From {@code TIKTOK_MAX_ATTEMPTS}, {@code TIKTOK_BACKOFF_MILLIS}, {@code TIKTOK_CIRCUIT_OPEN_SECONDS}, ... */
        public static Settings fromEnv(Env env) {
            return new Settings(env.getInt("TIKTOK_MAX_ATTEMPTS", 3),
                    Duration.ofMillis(env.getInt("TIKTOK_BACKOFF_MILLIS", 200)),
                    env.getSeconds("TIKTOK_CIRCUIT_OPEN_SECONDS", Duration.ofSeconds(30)),
                    env.getInt("TIKTOK_RATE_PER_SECOND", 50),
                    env.getSeconds("TIKTOK_TIMEOUT_SECONDS", Duration.ofSeconds(10)));
        }
    }

    /**
     * @param app our app (key, secret, hosts)
     * @param shops where refreshed tokens are stored
     * @param settings retry, circuit and rate settings
     * @param clock the clock for timestamps
     */
    public TikTokShopClient(TikTokApp app, ShopTokens shops, Settings settings, Clock clock) {
        this.app = app;
        this.shops = shops;
        this.clock = clock;
        this.requestTimeout = settings.requestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.retry = Retry.of("tiktok", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5))
                .retryOnException(e -> e instanceof TransientFailure || e instanceof RequestNotPermitted)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof TransientFailure)
                .build());
        this.breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(event -> {
                    if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                        circuitOpenings.incrementAndGet();
                        Telemetry.count(CIRCUIT_OPENED_METRIC);
                        LOG.warn("TikTok Shop circuit for shop {} opened", event.getCircuitBreakerName());
                    }
                }));
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(settings.ratePerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofSeconds(2))
                .build());
    }

    /** The client configured for a function. */
    public static TikTokShopClient fromEnv(Env env, ShopRegistry shops) {
        return new TikTokShopClient(TikTokApp.fromEnv(env), shops, Settings.fromEnv(env), Clock.systemUTC());
    }

    /** The app this client signs for. */
    public TikTokApp app() {
        return app;
    }

    /** The state of a shop's circuit breaker (CLOSED, OPEN, HALF_OPEN). */
    public CircuitBreaker.State circuitState(String shopId) {
        return breakers.circuitBreaker(shopId).getState();
    }

    /** How many times a shop's circuit opened in this client (each one also counts {@link #CIRCUIT_OPENED_METRIC}). */
    public long circuitOpenings() {
        return circuitOpenings.get();
    }

    /** The circuit breaker of a shop (for metrics and tests). */
    public CircuitBreaker circuitBreaker(String shopId) {
        return breakers.circuitBreaker(shopId);
    }

    /** Get Order Detail for any number of ids, in calls of up to 50; TikTok's order objects. */
    public List<JsonNode> orderDetails(Shop shop, List<String> orderIds) {
        List<JsonNode> orders = new ArrayList<>();
        for (int from = 0; from < orderIds.size(); from += MAX_IDS_PER_CALL) {
            List<String> chunk = orderIds.subList(from, Math.min(orderIds.size(), from + MAX_IDS_PER_CALL));
            JsonNode data = call(shop, "order-detail", "GET", "/order/202309/orders",
                    Map.of("ids", String.join(",", chunk)), null);
            data.path("orders").forEach(orders::add);
        }
        return orders;
    }

    /**
     * One page of orders updated in a window (Search Orders, sorted by update time).
     *
     * @param orders TikTok's order objects
     * @param nextPageToken the next page's token, or null on the last page
     */
    public record SearchPage(List<JsonNode> orders, String nextPageToken) {
    }

    /** Search Orders by update time, {@code [from, to)}. */
    public SearchPage searchOrders(Shop shop, Instant updatedFrom, Instant updatedTo, String pageToken,
                                   int pageSize) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page_size", Integer.toString(Math.max(1, Math.min(100, pageSize))));
        query.put("sort_field", "update_time");
        query.put("sort_order", "ASC");
        if (pageToken != null && !pageToken.isBlank()) {
            query.put("page_token", pageToken);
        }
        ObjectNode body = Json.object();
        body.put("update_time_ge", updatedFrom.getEpochSecond());
        body.put("update_time_lt", updatedTo.getEpochSecond());
        JsonNode data = call(shop, "order-search", "POST", "/order/202309/orders/search", query, body);
        List<JsonNode> orders = new ArrayList<>();
        data.path("orders").forEach(orders::add);
        String next = data.path("next_page_token").asText("");
        return new SearchPage(orders, next.isBlank() ? null : next);
    }

    /**
     * A shipping provider TikTok knows for a delivery option.
     *
     * @param id the provider id mark-as-shipped needs
     * @param name its display name (for example "USPS")
     */
    public record ShippingProvider(String id, String name) {
    }

    /** The shipping providers of a delivery option. */
    public List<ShippingProvider> shippingProviders(Shop shop, String deliveryOptionId) {
        JsonNode data = call(shop, "shipping-providers", "GET",
                "/logistics/202309/delivery_options/" + deliveryOptionId + "/shipping_providers", Map.of(), null);
        List<ShippingProvider> providers = new ArrayList<>();
        data.path("shipping_providers").forEach(p -> providers.add(
                new ShippingProvider(p.path("id").asText(), p.path("name").asText())));
        return providers;
    }

    /**
     * Marks (part of) an order as shipped by the seller with a tracking number; returns TikTok's package id.
     * {@link TikTokRejected} with code 21011040 means it was already shipped.
     */
    public String markShipped(Shop shop, String orderId, String trackingNumber, String providerId,
                              List<String> lineItemIds) {
        ObjectNode body = Json.object();
        body.put("tracking_number", trackingNumber);
        body.put("shipping_provider_id", providerId);
        if (lineItemIds != null && !lineItemIds.isEmpty()) {
            lineItemIds.forEach(body.putArray("order_line_item_ids")::add);
        }
        JsonNode data = call(shop, "mark-shipped", "POST", "/fulfillment/202309/orders/" + orderId + "/packages",
                Map.of(), body);
        if (data.hasNonNull("warning")) {
            LOG.warn("TikTok accepted the tracking number of {} with a warning: {}", orderId,
                    data.path("warning").toString());
        }
        return data.path("package_id").asText(null);
    }

    /**
     * A handover slot TikTok offers for a TikTok Shipping package (Get Handover Time Slots).
     *
     * @param start the slot's start (unix seconds)
     * @param end the slot's end (unix seconds)
     */
    public record HandoverSlot(long start, long end) {
    }

    /**
     * How a TikTok Shipping package may be handed over.
     *
     * @param canPickup whether a carrier pickup can be booked
     * @param canDropOff whether the seller may drop the parcel off
     * @param pickupSlots the bookable pickup slots, earliest first
     */
    public record HandoverOptions(boolean canPickup, boolean canDropOff, List<HandoverSlot> pickupSlots) {
    }

    /** The handover options of a TikTok Shipping package. */
    public HandoverOptions handoverSlots(Shop shop, String packageId) {
        JsonNode data = call(shop, "handover-slots", "GET",
                "/fulfillment/202309/packages/" + packageId + "/handover_time_slots", Map.of(), null);
        List<HandoverSlot> slots = new ArrayList<>();
        data.path("pickup_slots").forEach(s -> {
            if (s.path("avaliable").asBoolean(s.path("available").asBoolean(true))) {
                slots.add(new HandoverSlot(s.path("start_time").asLong(), s.path("end_time").asLong()));
            }
        });
        slots.sort(java.util.Comparator.comparingLong(HandoverSlot::start));
        return new HandoverOptions(data.path("can_pickup").asBoolean(false), data.path("can_drop_off").asBoolean(false),
                slots);
    }

    /**
     * Arranges a TikTok Shipping package's shipment (Ship Package): {@code PICKUP} in a slot, or {@code DROP_OFF}.
     * {@link TikTokRejected} with code 21011040 means it was arranged before.
     */
    public void shipPackage(Shop shop, String packageId, String handoverMethod, HandoverSlot pickupSlot) {
        ObjectNode body = Json.object();
        body.put("handover_method", handoverMethod);
        if (pickupSlot != null) {
            body.putObject("pickup_slot").put("start_time", pickupSlot.start()).put("end_time", pickupSlot.end());
        }
        call(shop, "ship-package", "POST", "/fulfillment/202309/packages/" + packageId + "/ship", Map.of(), body);
    }

    /**
     * A package as TikTok reports it (Get Package Detail).
     *
     * @param packageId the package
     * @param status TikTok's package status (PROCESSING, FULFILLING, COMPLETED, CANCELLED, ...)
     * @param trackingNumber the tracking number TikTok's carrier gave it, if any yet
     * @param providerName the carrier TikTok chose
     */
    public record PackageDetail(String packageId, String status, String trackingNumber, String providerName) {
    }

    /** A package's status, tracking number and carrier. */
    public PackageDetail packageDetail(Shop shop, String packageId) {
        JsonNode data = call(shop, "package-detail", "GET", "/fulfillment/202309/packages/" + packageId, Map.of(),
                null);
        return new PackageDetail(packageId, data.path("package_status").asText(null),
                emptyToNull(data.path("tracking_number").asText("")),
                emptyToNull(data.path("shipping_provider_name").asText("")));
    }

    /**
     * A shipping document's short-lived download link (Get Package Shipping Document).
     *
     * @param url the pre-signed URL, fetched without TikTok's authentication
     * @param trackingNumber the package's tracking number
     */
    public record DocumentLink(URI url, String trackingNumber) {
    }

    /** The link of a TikTok Shipping package's document ({@code SHIPPING_LABEL} or {@code PACKING_SLIP}), A6 PDF. */
    public DocumentLink shippingDocument(Shop shop, String packageId, String documentType) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("document_type", documentType);
        query.put("document_size", "A6");
        query.put("document_format", "PDF");
        JsonNode data = call(shop, "shipping-document", "GET",
                "/fulfillment/202309/packages/" + packageId + "/shipping_documents", query, null);
        String url = data.path("doc_url").asText("");
        if (url.isBlank()) {
            throw new TikTokRejected(0, "TikTok answered no document URL for package " + packageId);
        }
        return new DocumentLink(URI.create(url), emptyToNull(data.path("tracking_number").asText("")));
    }

    /**
     * One TikTok SKU of the shop's catalogue.
     *
     * @param productId TikTok's product id
     * @param skuId TikTok's SKU id
     * @param sellerSku the seller's SKU code (ours)
     * @param stock quantity per warehouse id, as TikTok holds it
     */
    public record CatalogueSku(String productId, String skuId, String sellerSku, Map<String, Long> stock) {
    }

    /**
     * One page of the shop's catalogue (Search Products).
     *
     * @param skus the SKUs of the page's products
     * @param nextPageToken the next page's token, or null on the last page
     */
    public record CataloguePage(List<CatalogueSku> skus, String nextPageToken) {
    }

    /** One page of the shop's products with their SKUs and stock per warehouse. */
    public CataloguePage searchProducts(Shop shop, String pageToken, int pageSize) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page_size", Integer.toString(Math.max(1, Math.min(100, pageSize))));
        if (pageToken != null && !pageToken.isBlank()) {
            query.put("page_token", pageToken);
        }
        JsonNode data = call(shop, "product-search", "POST", "/product/202309/products/search", query,
                Json.object());
        List<CatalogueSku> skus = new ArrayList<>();
        for (JsonNode product : data.path("products")) {
            for (JsonNode sku : product.path("skus")) {
                Map<String, Long> stock = new LinkedHashMap<>();
                sku.path("inventory").forEach(i -> stock.put(i.path("warehouse_id").asText(),
                        i.path("quantity").asLong()));
                skus.add(new CatalogueSku(product.path("id").asText(), sku.path("id").asText(),
                        emptyToNull(sku.path("seller_sku").asText("")), stock));
            }
        }
        String next = data.path("next_page_token").asText("");
        return new CataloguePage(skus, next.isBlank() ? null : next);
    }

    /** Sets a SKU's absolute stock per warehouse on TikTok (Update Inventory). */
    public void updateInventory(Shop shop, String productId, String skuId, Map<String, Long> quantityByWarehouse) {
        ObjectNode body = Json.object();
        ObjectNode sku = body.putArray("skus").addObject().put("id", skuId);
        var inventory = sku.putArray("inventory");
        quantityByWarehouse.forEach((warehouse, quantity) -> inventory.addObject().put("warehouse_id", warehouse)
                .put("quantity", quantity));
        call(shop, "inventory-update", "POST", "/product/202309/products/" + productId + "/inventory/update",
                Map.of(), body);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** Cancels an order as the seller (Cancel Order); returns TikTok's cancellation id. */
    public String cancelOrder(Shop shop, String orderId, String reason) {
        ObjectNode body = Json.object();
        body.put("order_id", orderId);
        body.put("cancel_reason", reason);
        JsonNode data = call(shop, "cancel-order", "POST", "/return_refund/202309/cancellations", Map.of(), body);
        return data.path("cancel_id").asText(null);
    }

    /**
     * The buyer's reason for a cancellation request ({@code cancellations}) or return ({@code returns}), read with
     * TikTok's search of that kind filtered by the id ({@code cancel_ids} / {@code return_ids}): the reason's text
     * ({@code cancel_reason_text} / {@code return_reason_text}), else its name, else null.
     */
    public String buyerRequestReason(Shop shop, String collection, String requestId) {
        boolean returns = collection.equals("returns");
        ObjectNode body = Json.object();
        body.putArray(returns ? "return_ids" : "cancel_ids").add(requestId);
        JsonNode data = call(shop, collection + "-search", "POST", "/return_refund/202309/" + collection + "/search",
                Map.of("page_size", "1"), body);
        JsonNode found = data.path(returns ? "return_orders" : "cancellations").path(0);
        String prefix = returns ? "return_reason" : "cancel_reason";
        String text = found.path(prefix + "_text").asText("");
        return !text.isBlank() ? text : found.path(prefix).asText("").isBlank() ? null : found.path(prefix).asText();
    }

    /**
     * Approves or rejects a buyer's cancellation ({@code cancellations}) or return ({@code returns}) request:
     * {@code POST /return_refund/202309/<collection>/<id>/approve|reject}. A rejection carries TikTok's
     * {@code reject_reason} name (and for a return the seller's {@code comment}); a return's body also names the
     * {@code decision}. The {@code idempotency_key} is the request and decision, so a repeated call changes nothing.
     */
    public void decideBuyerRequest(Shop shop, String collection, String requestId, boolean approve, String reason,
                                   String comment) {
        String verb = approve ? "approve" : "reject";
        ObjectNode body = Json.object();
        if (collection.equals("returns")) {
            body.put("decision", approve ? "APPROVE_RETURN" : "REJECT_RETURN");
        }
        if (!approve) {
            body.put("reject_reason", reason);
            if (comment != null && !comment.isBlank()) {
                body.put("comment", comment);
            }
        }
        call(shop, collection + "-" + verb, "POST", "/return_refund/202309/" + collection + "/" + requestId + "/"
                + verb, Map.of("idempotency_key", requestId + "-" + verb), body.isEmpty() ? null : body);
    }

    /**
     * Refreshes a shop's access token on the auth host and stores the new tokens. A refresh token past its expiry or
     * refused by TikTok puts the shop in TOKEN_EXPIRED (stored) and throws {@link ShopReconnectNeeded}: only
     * connecting the shop again helps, so nothing retries it.
     */
    public Shop refreshToken(Shop shop) {
        synchronized (lockFor(shop.shopId())) {
            Shop latest = latest(shop);
            if (!latest.authorized()) {
                throw reconnectNeeded(latest);
            }
            if (latest.refreshToken() == null || (latest.refreshTokenExpiresAt() != null
                    && !latest.refreshTokenExpiresAt().isAfter(clock.instant()))) {
                throw tokenExpired(latest, "its refresh token expired at " + latest.refreshTokenExpiresAt());
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("refresh_token", latest.refreshToken());
            query.put("grant_type", "refresh_token");
            JsonNode answer = tokenCall("/api/v2/token/refresh", query);
            long code = answer.path("code").asLong(-1);
            if (code == CODE_INTERNAL || code == CODE_RATE_LIMITED) {
                throw new TransientFailure("TikTok Shop token refresh answered " + code);
            }
            if (code != 0) {
                throw tokenExpired(latest, "TikTok refused its refresh token (code " + code + ")");
            }
            Grant grant = Grant.of(answer.path("data"));
            Shop refreshed = shops.saveTokens(latest, grant.accessToken(), grant.accessTokenExpiresAt(),
                    grant.refreshToken(), grant.refreshTokenExpiresAt());
            current.put(shop.shopId(), refreshed);
            LOG.info("refreshed the access token of shop {}", shop.shopId());
            return refreshed;
        }
    }

    /**
     * The tokens of one authorization (Get Access Token and Refresh Access Token answers).
     *
     * @param accessToken the access token
     * @param accessTokenExpiresAt when it expires
     * @param refreshToken the refresh token
     * @param refreshTokenExpiresAt when that expires
     * @param openId the seller's id for our app
     * @param sellerName the seller's name
     */
    public record Grant(String accessToken, Instant accessTokenExpiresAt, String refreshToken,
                        Instant refreshTokenExpiresAt, String openId, String sellerName) {
        static Grant of(JsonNode data) {
            return new Grant(data.path("access_token").asText(),
                    Instant.ofEpochSecond(data.path("access_token_expire_in").asLong()),
                    data.path("refresh_token").asText(),
                    Instant.ofEpochSecond(data.path("refresh_token_expire_in").asLong()),
                    data.path("open_id").asText(null), data.path("seller_name").asText(null));
        }

        @Override
        public String toString() {
            return "Grant[openId=" + openId + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", tokens=redacted]";
        }
    }

    /**
     * Exchanges the code of an authorization callback for tokens (Get Access Token, {@code grant_type=
     * authorized_code}). A code TikTok refuses (unknown, used, expired) is {@link TikTokRejected}.
     */
    public Grant exchangeCode(String authCode) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("auth_code", authCode);
        query.put("grant_type", "authorized_code");
        JsonNode answer = tokenCall("/api/v2/token/get", query);
        long code = answer.path("code").asLong(-1);
        if (code != 0) {
            throw new TikTokRejected(code, "the authorization code was refused: " + answer.path("message").asText());
        }
        return Grant.of(answer.path("data"));
    }

    /**
     * A shop an access token may act for (Get Authorized Shops).
     *
     * @param id the shop id
     * @param name its name
     * @param region its region code
     * @param cipher the cipher its calls carry
     */
    public record AuthorizedShop(String id, String name, String region, String cipher) {
    }

    /** The shops an access token was authorized for (Get Authorized Shops, no shop cipher). */
    public List<AuthorizedShop> authorizedShops(String accessToken) {
        Shop seller = new Shop("authorized-shops", null, null, null, null, Shop.Status.AUTHORIZED, accessToken,
                null, null, null);
        JsonNode data;
        try {
            data = once(seller, "GET", "/authorization/202309/shops", Map.of(), null);
        } catch (TokenProblem e) {
            throw new TikTokRejected(e.code, e.getMessage());
        } catch (TransientFailure e) {
            throw new TikTokUnavailable("TikTok Shop authorized shops failed: " + e.getMessage(), e);
        }
        List<AuthorizedShop> found = new ArrayList<>();
        data.path("shops").forEach(s -> found.add(new AuthorizedShop(s.path("id").asText(),
                s.path("name").asText(null), s.path("region").asText(null), s.path("cipher").asText())));
        return found;
    }

    /** Points one webhook event type of a shop at an address (Update Shop Webhook). */
    public void registerWebhook(Shop shop, String eventType, URI address) {
        ObjectNode body = Json.object();
        body.put("address", address.toString());
        body.put("event_type", eventType);
        call(shop, "webhooks", "PUT", "/event/202309/webhooks", Map.of(), body);
    }

    private JsonNode tokenCall(String path, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("app_key", app.appKey());
        query.put("app_secret", app.appSecret());
        query.putAll(params);
        return send(HttpRequest.newBuilder(URI.create(app.authBase() + path + "?" + encode(query)))
                .timeout(requestTimeout).GET().build());
    }

    private ShopReconnectNeeded tokenExpired(Shop shop, String why) {
        Shop marked = shop.withStatus(Shop.Status.TOKEN_EXPIRED);
        current.put(shop.shopId(), marked);
        shops.reconnectNeeded(shop, Shop.Status.TOKEN_EXPIRED);
        Telemetry.count(RECONNECT_NEEDED_METRIC);
        LOG.warn("shop {} must be connected again: {}", shop.shopId(), why);
        return new ShopReconnectNeeded(shop.shopId(), why);
    }

    private static ShopReconnectNeeded reconnectNeeded(Shop shop) {
        return new ShopReconnectNeeded(shop.shopId(), shop.status() == Shop.Status.DEAUTHORIZED
                ? "the seller deauthorized CreatorFlow" : "its refresh token expired or was refused");
    }

    private Object lockFor(String shopId) {
        return locks.computeIfAbsent(shopId, k -> new Object());
    }

    private Shop latest(Shop shop) {
        Shop known = current.get(shop.shopId());
        if (known == null || (shop.accessTokenExpiresAt() != null && known.accessTokenExpiresAt() != null
                && shop.accessTokenExpiresAt().isAfter(known.accessTokenExpiresAt()))) {
            current.put(shop.shopId(), shop);
            return shop;
        }
        return known;
    }

    private JsonNode call(Shop shop, String api, String method, String path, Map<String, String> params,
                          JsonNode body) {
        if (!shop.authorized()) {
            throw reconnectNeeded(shop);
        }
        Shop known = latest(shop);
        if (!known.authorized()) {
            throw reconnectNeeded(known);
        }
        CircuitBreaker breaker = breakers.circuitBreaker(shop.shopId());
        RateLimiter limiter = limiters.rateLimiter(shop.shopId() + ":" + api);
        Supplier<JsonNode> attempt = () -> attemptWithToken(shop, method, path, params, body);
        Supplier<JsonNode> guarded = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(breaker, RateLimiter.decorateSupplier(limiter, attempt)));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new TikTokUnavailable("TikTok Shop circuit for shop " + shop.shopId() + " is open", e);
        } catch (RequestNotPermitted e) {
            throw new TikTokUnavailable("rate limit for shop " + shop.shopId() + " and " + api + " exhausted", e);
        } catch (TransientFailure e) {
            throw new TikTokUnavailable("TikTok Shop " + api + " failed after retries: " + e.getMessage(), e);
        }
    }

    private JsonNode attemptWithToken(Shop shop, String method, String path, Map<String, String> params,
                                      JsonNode body) {
        Shop latest = latest(shop);
        if (latest.accessTokenExpiresAt() != null
                && latest.accessTokenExpiresAt().isBefore(clock.instant().plus(Duration.ofMinutes(5)))) {
            latest = refreshToken(latest);
        }
        try {
            return once(latest, method, path, params, body);
        } catch (TokenProblem first) {
            Shop refreshed = refreshToken(latest);
            try {
                return once(refreshed, method, path, params, body);
            } catch (TokenProblem again) {
                throw new TikTokRejected(again.code, again.getMessage());
            }
        }
    }

    private JsonNode once(Shop shop, String method, String path, Map<String, String> params, JsonNode body) {
        Map<String, String> query = new LinkedHashMap<>(params);
        query.put("app_key", app.appKey());
        query.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        if (shop.cipher() != null) {
            query.put("shop_cipher", shop.cipher());
        }
        byte[] bytes = body == null ? null : Json.bytes(body);
        query.put("sign", TikTokSigner.sign(app.appSecret(), path, query, bytes));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.apiBase() + path + "?" + encode(query)))
                .timeout(requestTimeout)
                .header("content-type", "application/json")
                .header("x-tts-access-token", shop.accessToken() == null ? "" : shop.accessToken());
        request.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        JsonNode answer = send(request.build());
        long code = answer.path("code").asLong(-1);
        if (code == 0) {
            return answer.path("data");
        }
        String message = answer.path("message").asText("");
        if (code == CODE_TOKEN_EXPIRED || code == CODE_BAD_TOKEN) {
            throw new TokenProblem(code, message);
        }
        if (code == CODE_RATE_LIMITED || code == CODE_INTERNAL) {
            throw new TransientFailure("TikTok Shop answered " + code + " " + message);
        }
        throw new TikTokRejected(code, message);
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TransientFailure("TikTok Shop unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while calling TikTok Shop", e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new TransientFailure("TikTok Shop answered HTTP " + status);
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new TransientFailure("TikTok Shop answered HTTP " + status + " with a body that is not JSON", e);
        }
    }

    private static String encode(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((k, v) -> joined.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    /** An access-token answer (expired or rejected): refresh and try once more. */
    private static final class TokenProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long code;

        TokenProblem(long code, String message) {
            super("token problem " + code + ": " + message, null, false, false);
            this.code = code;
        }
    }
}
