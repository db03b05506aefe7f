package com.creatorflow.local.simulators.tiktok;

import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.tiktok.domain.TikTokEventType;
import com.creatorflow.shared.tiktok.domain.TikTokSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TikTok Shop stand-in: serves the Partner API endpoints CreatorFlow calls (order detail, order search, mark as
 * shipped, shipping providers, cancel order, authorized shops, webhook registration, code exchange, token refresh)
 * and the seller's authorization page (auto-approve for tests, a small consent page by hand), with TikTok's real
 * request checks (app key, timestamp window, {@code sign} → 106001, access token → 105002/36009004, shop cipher),
 * realistic order JSON and per-shop state; and sends signed webhooks for every change to the shop's registered
 * address or an intake URL through a {@link WebhookSender} with chaos knobs. Usable from Java (tests, benchmarks, the local runtime) and over HTTP
 * ({@code /sim/...} control endpoints).
 */
public final class TikTokShopSimulator implements AutoCloseable {
    private static final Pattern ORDER_PACKAGES = Pattern.compile("/fulfillment/202309/orders/([^/]+)/packages");
    private static final Pattern PROVIDERS =
            Pattern.compile("/logistics/202309/delivery_options/([^/]+)/shipping_providers");
    private static final Pattern AFTERSALE_SEARCH =
            Pattern.compile("/return_refund/202309/(cancellations|returns)/search");
    private static final Pattern AFTERSALE_DECISION =
            Pattern.compile("/return_refund/202309/(cancellations|returns)/([^/]+)/(approve|reject)");
    private static final Pattern SIM_DEAUTHORIZE = Pattern.compile("/sim/shops/([^/]+)/deauthorize");
    private static final Pattern SIM_ORDER = Pattern.compile("/sim/orders/([^/]+)(/status|/progress)?");
    /** The delivery option every simulated order uses. */
    public static final String DELIVERY_OPTION = "7091146663229654785";

    private final String appKey;
    private final String appSecret;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService requests;
    private final ScheduledExecutorService scheduler;
    private final Chaos chaos = new Chaos();
    private final SimAfterSales afterSales = new SimAfterSales();
    private final WebhookSender webhooks;
    private final Map<String, SimShop> shops = new ConcurrentHashMap<>();
    private final Map<String, SimShop> shopsByCipher = new ConcurrentHashMap<>();
    private final Map<String, SimOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, String> trackingNumbers = new ConcurrentHashMap<>();
    private final Map<String, long[]> rateWindows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> detailFetches = new ConcurrentHashMap<>();
    private final RecentKeys<String> recentOrders = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
    private final Map<String, AtomicLong> shipmentCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> shipmentsAccepted = new ConcurrentHashMap<>();
    private final Random random = new Random();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, URI>> webhookAddresses = new ConcurrentHashMap<>();
    private volatile URI redirectUrl;
    private volatile String autoApproveShop;
    private volatile Duration accessLifetime = Duration.ofDays(7);
    private volatile Duration refreshLifetime = Duration.ofDays(60);
    private final SimTikTokShipping tiktokShipping = new SimTikTokShipping(this::now, this::orderChanged);
    private final SimProducts products = new SimProducts();

    /** An authorization code issued on approval: which shop it grants, until when (unix seconds). */
    private record PendingCode(String shopId, long expiresAt) {
    }

    private TikTokShopSimulator(String appKey, String appSecret, int port, Clock clock) {
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the TikTok Shop simulator on port " + port, e);
        }
        requests = Executors.newFixedThreadPool(16, daemon("tiktok-sim"));
        scheduler = Executors.newScheduledThreadPool(4, daemon("tiktok-sim-webhooks"));
        webhooks = new WebhookSender(scheduler);
        server.setExecutor(requests);
        server.createContext("/sim/", this::control);
        server.createContext("/open/authorize", this::authorizePage);
        server.createContext("/docs/", this::document);
        server.createContext("/", this::api);
        server.start();
    }

    /** Starts a simulator on a free port for an app. */
    public static TikTokShopSimulator start(String appKey, String appSecret) {
        return new TikTokShopSimulator(appKey, appSecret, 0, Clock.systemUTC());
    }

    /** Starts a simulator on a given port (0 = free). */
    public static TikTokShopSimulator start(String appKey, String appSecret, int port) {
        return new TikTokShopSimulator(appKey, appSecret, port, Clock.systemUTC());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Where the simulator listens (API host and token host alike). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The failure knobs. */
    public Chaos chaos() {
        return chaos;
    }

    /** A traffic generator on this simulator. */
    public TrafficGenerator traffic() {
        return new TrafficGenerator(this, scheduler);
    }

    /** The webhook delivery and its knobs. */
    public WebhookSender webhooks() {
        return webhooks;
    }

    // ------------------------------------------------------------------ Java API: shops and orders

    /** Adds an authorized US shop with a random id and fresh tokens. */
    public SimShop addShop(String name) {
        return addShop(Long.toString(7_494_000_000_000_000_000L + Math.abs(random.nextLong() % 1_000_000_000_000L)),
                name);
    }

    /** Adds an authorized US shop with a given id (stable across restarts, for the demo shop) and fresh tokens. */
    public SimShop addShop(String id, String name) {
        String cipher = "ROW_" + UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "").substring(0, 20);
        long now = now();
        SimShop shop = new SimShop(id, name, "US", cipher, new SimShop.Tokens(token("TTP"),
                now + accessLifetime.toSeconds(), token("RTP"), now + refreshLifetime.toSeconds()));
        shops.put(id, shop);
        shopsByCipher.put(cipher, shop);
        return shop;
    }

    /** A shop by id. */
    public SimShop shop(String shopId) {
        SimShop shop = shops.get(shopId);
        if (shop == null) {
            throw new IllegalArgumentException("no simulated shop " + shopId);
        }
        return shop;
    }

    /** Every shop. */
    public Collection<SimShop> shops() {
        return shops.values();
    }

    /** Makes a shop's access token expire now (the next call gets 105002 until the token is refreshed). */
    public void expireAccessToken(String shopId) {
        shop(shopId).tokens().expireNow(now());
    }

    // ------------------------------------------------------------------ Java API: authorization (connecting a shop)

    /** Our app's service id in this simulated Partner Center (the authorization URL carries it). */
    public String serviceId() {
        return serviceIdFor(appKey);
    }

    /** The service id a simulator gives the app with this key (stable, so a process elsewhere can name it). */
    public static String serviceIdFor(String appKey) {
        return "7100" + String.format("%015d", Math.abs((long) appKey.hashCode()));
    }

    /** The authorization page, as the Partner Center shows it for the app ({@code /open/authorize}). */
    public URI authorizeUrl() {
        return baseUrl().resolve("/open/authorize");
    }

    /** The app's redirect URL (set in the Partner Center): where approval sends the seller with code and state. */
    public TikTokShopSimulator redirectUrl(URI url) {
        redirectUrl = url;
        return this;
    }

    /**
     * Auto-approve mode for tests: the authorization page approves at once for this shop and redirects straight to
     * the callback with code and state. Null shows the consent page instead (choose a shop by hand).
     */
    public TikTokShopSimulator autoApprove(String shopId) {
        autoApproveShop = shopId;
        return this;
    }

    /**
     * How long tokens issued from now on last (authorization and refresh); by default 7 days and 60 days, as
     * TikTok. Tests use short ones to see refreshes and expiries.
     */
    public TikTokShopSimulator tokenLifetimes(Duration access, Duration refresh) {
        accessLifetime = access;
        refreshLifetime = refresh;
        return this;
    }

    /** Makes a shop's refresh token expire now (the next refresh is refused). */
    public void expireRefreshToken(String shopId) {
        shop(shopId).tokens().expireRefreshNow(now());
    }

    /**
     * The seller revokes our app: the shop's tokens stop working at once and a SELLER_DEAUTHORIZATION webhook
     * (type 6) is sent.
     */
    public void deauthorize(String shopId) {
        SimShop shop = shop(shopId);
        shop.tokens().revoke(token("REVOKED"), now());
        deliver(webhook(6, shopId, null, Json.object().put("message", "The seller deauthorized the app")));
    }

    /** The address a shop registered for a webhook event type (Update Shop Webhook), if any. */
    public Optional<URI> webhookAddress(String shopId, String eventType) {
        return Optional.ofNullable(webhookAddresses.getOrDefault(shopId, Map.of()).get(eventType));
    }

    private String approve(String shopId) {
        shop(shopId);
        String code = token("CODE");
        codes.put(code, new PendingCode(shopId, now() + 600));
        return code;
    }

    /** The seller's browser after approval: the redirect URL with a fresh code and the state. */
    private URI approvedRedirect(String shopId, String state) {
        String base = redirectUrl.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "code=" + approve(shopId) + "&state="
                + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
    }

    private void authorizePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
            if (exchange.getRequestMethod().equals("POST")) {
                try (InputStream in = exchange.getRequestBody()) {
                    params.putAll(query(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            String state = params.getOrDefault("state", "");
            if (!serviceId().equals(params.get("service_id"))) {
                respondHtml(exchange, 400, "<p>Unknown service_id.</p>");
                return;
            }
            if (redirectUrl == null) {
                respondHtml(exchange, 400, "<p>The app has no redirect URL.</p>");
                return;
            }
            String chosen = exchange.getRequestMethod().equals("POST") ? params.get("shop_id") : autoApproveShop;
            if (chosen != null && shops.containsKey(chosen)) {
                exchange.getResponseHeaders().set("Location", approvedRedirect(chosen, state).toString());
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            StringBuilder page = new StringBuilder("<!doctype html><title>Authorize CreatorFlow</title>"
                    + "<h1>CreatorFlow asks to manage your orders</h1><p>Choose the shop to authorize:</p>");
            shops.values().forEach(shop -> page.append("<form method=post action=\"/open/authorize\">")
                    .append("<input type=hidden name=service_id value=\"").append(escape(serviceId())).append("\">")
                    .append("<input type=hidden name=state value=\"").append(escape(state)).append("\">")
                    .append("<input type=hidden name=shop_id value=\"").append(escape(shop.id())).append("\">")
                    .append("<button>Authorize ").append(escape(shop.name())).append(" (").append(escape(shop.id()))
                    .append(")</button></form>"));
            respondHtml(exchange, 200, page.toString());
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void respondHtml(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode shopWebhooks(SimShop shop, String method, JsonNode request) {
        Map<String, URI> registered = webhookAddresses.computeIfAbsent(shop.id(), k -> new ConcurrentHashMap<>());
        if (method.equals("PUT")) {
            String address = request.path("address").asText("");
            String type = request.path("event_type").asText("");
            if (!address.startsWith("http://") && !address.startsWith("https://") || type.isBlank()) {
                return error(36009004, "address (an http(s) URL) and event_type are required");
            }
            registered.put(type, URI.create(address));
            return ok(Json.object());
        }
        ObjectNode data = Json.object();
        ArrayNode list = data.putArray("webhooks");
        registered.forEach((type, address) -> list.addObject().put("event_type", type)
                .put("address", address.toString()));
        return ok(data);
    }

    /** The seller SKUs of the simulator's catalogue (what its orders contain). */
    public static List<String> sellerSkus() {
        return SimCatalog.PRODUCTS.stream().map(SimCatalog.Product::sellerSku).toList();
    }

    /** Creates an UNPAID order with random lines and buyer, and sends its webhook. */
    public String createOrder(String shopId) {
        return createOrder(shopId, SimCatalog.nextId());
    }

    /** Creates an UNPAID order with a given id (to match a fixture), and sends its webhook. */
    public String createOrder(String shopId, String orderId) {
        Random r = ThreadLocalRandom.current();
        Map<String, Integer> units = new LinkedHashMap<>();
        for (SimCatalog.Product product : SimCatalog.pickProducts(r)) {
            units.put(product.sellerSku(), 1 + r.nextInt(2));
        }
        return createOrder(shopId, orderId, units);
    }

    /**
     * Creates an UNPAID order of chosen seller SKUs (from the simulator's catalogue) with a number of units each, and
     * sends its webhook.
     */
    public String createOrder(String shopId, String orderId, Map<String, Integer> unitsBySellerSku) {
        return createOrder(shopId, orderId, unitsBySellerSku, false);
    }

    /**
     * Creates an UNPAID order of chosen seller SKUs, shipped by TikTok ({@code shipping_type} TIKTOK, TikTok creates
     * its package) or by the seller, and sends its webhook.
     */
    public String createOrder(String shopId, String orderId, Map<String, Integer> unitsBySellerSku,
                              boolean tiktokShipping) {
        SimShop shop = shop(shopId);
        Random r = ThreadLocalRandom.current();
        List<SimOrder.Line> lines = new ArrayList<>();
        unitsBySellerSku.forEach((sku, units) -> {
            SimCatalog.Product product = SimCatalog.PRODUCTS.stream().filter(p -> p.sellerSku().equals(sku))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no simulated product " + sku));
            for (int i = 0; i < units; i++) {
                lines.add(new SimOrder.Line(SimCatalog.nextId(), product.skuId(), product.productId(), product.name(),
                        product.skuName(), product.sellerSku(), SimCatalog.price(product)));
            }
        });
        SimOrder order = new SimOrder(orderId, shop.id(), DELIVERY_OPTION, now(), lines,
                SimCatalog.pickPerson(r), new java.math.BigDecimal("4.99"), new java.math.BigDecimal("0.0825"));
        if (tiktokShipping) {
            SimTikTokShipping.tiktokShipped(order);
        }
        shop.orders().put(order.id, order);
        orders.put(order.id, order);
        recentOrders.add(order.id).forEach(this::forget);
        deliver(statusWebhook(order));
        return order.id;
    }

    /** Forgets an old order (the simulator remembers the last {@value RecentKeys#SIMULATOR_MEMORY}). */
    private void forget(String orderId) {
        SimOrder order = orders.remove(orderId);
        if (order != null) {
            shop(order.shopId).orders().remove(orderId);
        }
        detailFetches.remove(orderId);
        shipmentCalls.remove(orderId);
        shipmentsAccepted.remove(orderId);
        trackingNumbers.values().removeIf(orderId::equals);
    }

    /** Creates an order and takes it through payment to AWAITING_SHIPMENT (one webhook per step). */
    public String createPaidOrder(String shopId) {
        String id = createOrder(shopId);
        setStatus(id, TikTokOrderStatus.AWAITING_SHIPMENT);
        return id;
    }

    /**
     * Moves an order to a status, as the buyer, TikTok or a carrier would, and sends the webhook. Paying an order
     * sets its paid time; ON_HOLD marks it an on-hold order.
     */
    public void setStatus(String orderId, TikTokOrderStatus status) {
        SimOrder order = order(orderId);
        synchronized (order) {
            if (order.paidTime == 0 && status != TikTokOrderStatus.UNPAID && status != TikTokOrderStatus.CANCELLED) {
                order.paidTime = now();
            }
            if (status == TikTokOrderStatus.ON_HOLD) {
                order.onHold = true;
            }
            if (status == TikTokOrderStatus.CANCELLED && order.cancellationInitiator.isEmpty()) {
                order.cancellationInitiator = "BUYER";
                order.cancelReason = "No longer needed";
            }
            order.status = status;
            order.touch(now());
        }
        deliver(statusWebhook(order));
    }

    /**
     * The buyer asks to cancel. While UNPAID or ON_HOLD TikTok cancels at once (returns null); later the order stays
     * in its status and the request waits for the seller's approval or rejection (returns its {@code cancel_id}).
     */
    public String requestCancellation(String orderId) {
        SimOrder order = order(orderId);
        TikTokOrderStatus status;
        synchronized (order) {
            status = order.status;
        }
        if (status == TikTokOrderStatus.UNPAID || status == TikTokOrderStatus.ON_HOLD) {
            setStatus(orderId, TikTokOrderStatus.CANCELLED);
            return null;
        }
        String cancelId = SimCatalog.nextId();
        synchronized (order) {
            order.buyerRequestedCancel = true;
            order.touch(now());
        }
        afterSales.track(cancelId, orderId, order.shopId, false, null, "CANCELLATION_REQUEST_PENDING");
        deliver(cancellationWebhook(order, cancelId, "CANCELLATION_REQUEST_PENDING"));
        return cancelId;
    }

    /** The status TikTok shows for a cancellation request or return ({@code cancel_status} / {@code return_status}). */
    public String requestStatus(String requestId) {
        return afterSales.status(requestId);
    }

    /** The buyer changes the address (allowed before shipping); sends RECIPIENT_ADDRESS_UPDATE. */
    public void updateAddress(String orderId, String line1, String postalCode) {
        SimOrder order = order(orderId);
        long time;
        synchronized (order) {
            SimOrder.Person p = order.person;
            order.person = new SimOrder.Person(p.userId(), p.firstName(), p.lastName(), p.email(), p.phone(), line1,
                    p.line2(), p.city(), p.county(), p.state(), postalCode);
            order.addressUpdated = true;
            time = order.touch(now());
        }
        ObjectNode data = Json.object().put("order_id", orderId).put("update_time", time);
        deliver(webhook(3, order.shopId, orderId, data));
    }

    /** An order's current TikTok JSON. */
    public JsonNode orderJson(String orderId) {
        return order(orderId).toJson();
    }

    /** An order's current status. */
    public TikTokOrderStatus status(String orderId) {
        return order(orderId).status;
    }

    /** True when the order went through ON_HOLD (so TikTok's one-hour hold after payment does not apply). */
    public boolean onHold(String orderId) {
        SimOrder order = order(orderId);
        synchronized (order) {
            return order.onHold;
        }
    }

    /** Every order id of a shop. */
    public List<String> orderIds(String shopId) {
        return new ArrayList<>(shop(shopId).orders().keySet());
    }

    private SimOrder order(String orderId) {
        SimOrder order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no simulated order " + orderId);
        }
        return order;
    }

    /**
     * The buyer's return moves to a status (e.g. RETURN_OR_REFUND_REQUEST_PENDING, then _COMPLETE); sends the
     * RETURN_STATUS_CHANGE webhook.
     */
    public void returnStatus(String orderId, String returnId, String returnType, String returnStatus) {
        SimOrder order = order(orderId);
        afterSales.track(returnId, orderId, order.shopId, true, returnType, returnStatus);
        long now = now();
        ObjectNode data = Json.object().put("order_id", order.id).put("return_role", "BUYER")
                .put("return_type", returnType).put("return_status", returnStatus).put("return_id", returnId)
                .put("create_time", now).put("update_time", now);
        deliver(webhook(12, order.shopId, order.id, data));
    }

    // ------------------------------------------------------------------ Java API: TikTok Shipping and listings

    /**
     * Moves an arranged TikTok Shipping order one step, AWAITING_COLLECTION → IN_TRANSIT → DELIVERED, and sends
     * its webhook; false when there is nothing to move.
     */
    public boolean progressTikTokShipment(String orderId) {
        return tiktokShipping.progress(order(orderId));
    }

    /**
     * TikTok Shipping knobs: how long document links work (5 minutes by default), how many of the next links are
     * issued already expired, and, when not null, every how long arranged packages progress on their own.
     */
    public TikTokShopSimulator tiktokShipping(Duration linkLifetime, int expireNextLinks, Duration autoProgress) {
        tiktokShipping.linkLifetime(linkLifetime);
        tiktokShipping.expireNextLinks(expireNextLinks);
        tiktokShipping.autoProgress(autoProgress);
        return this;
    }

    /** How a TikTok Shipping order's package is handed over (PICKUP, DROP_OFF), or null before it is arranged. */
    public String handoverMethod(String orderId) {
        SimOrder order = order(orderId);
        synchronized (order) {
            return order.handoverMethod;
        }
    }

    /** Document downloads served, and refused because their link had expired. */
    public long[] documentDownloads() {
        return new long[] {tiktokShipping.downloads(), tiktokShipping.expiredDownloads()};
    }

    /** A shop's listing stock of a seller SKU in its warehouse, as TikTok shows buyers. */
    public long listingStock(String shopId, String sellerSku) {
        return products.stock(shopId, sellerSku);
    }

    /** Changes a listing's stock behind the app's back (as an edit in Seller Center would): drift. */
    public void setListingStock(String shopId, String sellerSku, long quantity) {
        products.setStock(shopId, sellerSku, quantity);
    }

    /** Inventory updates TikTok accepted for a shop. */
    public long inventoryUpdates(String shopId) {
        return products.updates(shopId);
    }

    /** The warehouse id of every simulated shop. */
    public static String warehouseId() {
        return SimProducts.WAREHOUSE;
    }

    private void orderChanged(SimOrder order) {
        deliver(statusWebhook(order));
        Duration every = tiktokShipping.autoProgressEvery();
        if (every != null && order.status != TikTokOrderStatus.DELIVERED && "TIKTOK".equals(order.shippingType)) {
            scheduler.schedule(() -> tiktokShipping.progress(order), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A pre-signed document link, downloaded without TikTok's authentication. */
    private void document(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String token = path.substring("/docs/".length()).replace(".pdf", "");
            boolean[] expired = new boolean[1];
            byte[] pdf = exchange.getRequestMethod().equals("GET") ? tiktokShipping.download(token, expired) : null;
            if (pdf == null) {
                byte[] text = (expired[0] ? "<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"
                        + "</Error>" : "<Error><Code>NoSuchKey</Code></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                exchange.sendResponseHeaders(expired[0] ? 403 : 404, text.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(text);
                }
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/pdf");
            exchange.sendResponseHeaders(200, pdf.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pdf);
            }
        }
    }

    // ------------------------------------------------------------------ webhooks

    /** The ORDER_STATUS_CHANGE webhook of an order's current state (not sent). */
    public Webhook statusWebhook(String orderId) {
        return statusWebhook(order(orderId));
    }

    private Webhook statusWebhook(SimOrder order) {
        ObjectNode data = Json.object();
        synchronized (order) {
            data.put("order_id", order.id);
            data.put("order_status", order.status == TikTokOrderStatus.CANCELLED ? "CANCEL" : order.status.name());
            data.put("is_on_hold_order", order.onHold);
            data.put("update_time", order.updateTime);
        }
        return webhook(1, order.shopId, order.id, data);
    }

    private Webhook cancellationWebhook(SimOrder order, String cancelId, String cancelStatus) {
        ObjectNode data = Json.object().put("order_id", order.id).put("cancellations_role", "BUYER")
                .put("cancel_status", cancelStatus).put("cancel_id", cancelId)
                .put("create_time", now());
        return webhook(11, order.shopId, order.id, data);
    }

    /** A signed webhook of any type for a shop (tests build unusual ones with it). */
    public Webhook webhook(int type, String shopId, String orderId, JsonNode data) {
        ObjectNode envelope = Json.object();
        envelope.put("type", type);
        envelope.put("tts_notification_id", SimCatalog.nextId());
        envelope.put("shop_id", shopId);
        envelope.put("timestamp", now());
        envelope.set("data", data);
        byte[] body = Json.bytes(envelope);
        return new Webhook(envelope.get("tts_notification_id").asText(), orderId, body,
                TikTokSigner.webhookSignature(appKey, appSecret, body));
    }

    /** Sends a webhook to the address its shop registered for its type, else to the sender's target. */
    private void deliver(Webhook webhook) {
        JsonNode envelope = Json.tree(webhook.bodyText());
        String type = TikTokEventType.of(envelope.path("type").asInt()).map(Enum::name).orElse("");
        URI registered = webhookAddresses.getOrDefault(envelope.path("shop_id").asText(), Map.of()).get(type);
        webhooks.send(webhook, registered);
    }

    // ------------------------------------------------------------------ the Partner API

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            count(calls, path.replaceAll("/\\d{10,}", "/{id}"));
            ObjectNode answer = failureInjected(exchange);
            if (answer == null) {
                answer = path.startsWith("/api/v2/token/") ? token(path, query) : signed(exchange, path, query, body);
            }
            int status = answer.path("_status").asInt(200);
            answer.remove("_status");
            if (answer.path("code").asLong() != 0) {
                count(errors, answer.path("code").asText());
            }
            respondJson(exchange, status, answer);
        }
    }

    private ObjectNode failureInjected(HttpExchange exchange) {
        int latency = chaos.latencyMillis();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (chaos.outage()) {
            return error(36009003, "service unavailable").put("_status", 503);
        }
        if (r.nextDouble() < chaos.serverErrorRate()) {
            return error(36009003, "internal error, please retry").put("_status", 500);
        }
        if (r.nextDouble() < chaos.throttleRate()) {
            return error(36009002, "too many requests").put("_status", 429);
        }
        return null;
    }

    private ObjectNode signed(HttpExchange exchange, String path, Map<String, String> query, byte[] body) {
        if (!appKey.equals(query.get("app_key"))) {
            return error(36009004, "invalid app_key");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(query.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            return error(36009004, "timestamp is required");
        }
        long now = now();
        if (timestamp < now - 300 || timestamp > now + 30) {
            return error(36009004, "timestamp is outside the allowed window");
        }
        if (!TikTokSigner.verifyRequest(appSecret, path, query, body.length == 0 ? null : body, query.get("sign"))) {
            return error(106001, "invalid sign");
        }
        if (path.equals("/authorization/202309/shops")) {
            return authorizedShops(exchange.getRequestHeaders().getFirst("x-tts-access-token"), now);
        }
        SimShop shop = shopsByCipher.get(query.getOrDefault("shop_cipher", ""));
        if (shop == null) {
            return error(36009004, "invalid shop_cipher");
        }
        String token = exchange.getRequestHeaders().getFirst("x-tts-access-token");
        SimShop.Tokens tokens = shop.tokens();
        if (tokens.isPrevious(token) || (tokens.accessToken().equals(token) && tokens.accessExpiresAt() < now)) {
            return error(105002, "access token expired");
        }
        if (!tokens.accessToken().equals(token)) {
            return error(36009004, "invalid access token");
        }
        if (rateLimited(shop.id() + path.replaceAll("/\\d{10,}", "/{id}"))) {
            return error(36009002, "rate limit exceeded: 50 requests per second per API and shop").put("_status", 429);
        }
        JsonNode json = body.length == 0 ? Json.object() : Json.tree(new String(body, StandardCharsets.UTF_8));
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("/order/202309/orders")) {
            return orderDetail(shop, query.getOrDefault("ids", ""));
        }
        if (method.equals("POST") && path.equals("/order/202309/orders/search")) {
            return search(shop, query, json);
        }
        if (method.equals("POST") && path.equals("/return_refund/202309/cancellations")) {
            return cancel(shop, json);
        }
        Matcher search = AFTERSALE_SEARCH.matcher(path);
        if (method.equals("POST") && search.matches()) {
            return searchRequests(shop, search.group(1).equals("returns"), json);
        }
        Matcher decision = AFTERSALE_DECISION.matcher(path);
        if (method.equals("POST") && decision.matches()) {
            return decideRequest(shop, decision.group(1).equals("returns"), decision.group(2),
                    decision.group(3).equals("approve"), json);
        }
        Matcher packages = ORDER_PACKAGES.matcher(path);
        if (method.equals("POST") && packages.matches()) {
            return markShipped(shop, packages.group(1), json);
        }
        Matcher providers = PROVIDERS.matcher(path);
        if (method.equals("GET") && providers.matches()) {
            return shippingProviders();
        }
        if (path.equals("/event/202309/webhooks")) {
            return shopWebhooks(shop, method, json);
        }
        Optional<ObjectNode> handled = tiktokShipping.handle(shop, method, path, query, json, baseUrl().toString())
                .or(() -> products.handle(shop, method, path, query, json));
        if (handled.isPresent()) {
            return handled.get();
        }
        return error(36009004, "unknown API " + method + " " + path).put("_status", 404);
    }

    private boolean rateLimited(String key) {
        if (!chaos.enforceRateLimit()) {
            return false;
        }
        long second = now();
        long[] window = rateWindows.computeIfAbsent(key, k -> new long[2]);
        synchronized (window) {
            if (window[0] != second) {
                window[0] = second;
                window[1] = 0;
            }
            return ++window[1] > 50;
        }
    }

    private ObjectNode authorizedShops(String accessToken, long now) {
        List<SimShop> granted = shops.values().stream().filter(s -> s.tokens().accessToken().equals(accessToken))
                .toList();
        if (granted.isEmpty()) {
            return error(36009004, "invalid access token");
        }
        if (granted.stream().anyMatch(s -> s.tokens().accessExpiresAt() < now)) {
            return error(105002, "access token expired");
        }
        ObjectNode data = Json.object();
        ArrayNode list = data.putArray("shops");
        granted.forEach(s -> list.addObject().put("id", s.id()).put("name", s.name()).put("region", s.region())
                .put("seller_type", "LOCAL").put("cipher", s.cipher()).put("code", "US" + s.id().substring(0, 6)));
        return ok(data);
    }

    private ObjectNode orderDetail(SimShop shop, String ids) {
        List<String> wanted = List.of(ids.split(",")).stream().filter(s -> !s.isBlank()).toList();
        if (wanted.isEmpty() || wanted.size() > 50) {
            return error(36009004, "ids must name 1 to 50 orders");
        }
        ObjectNode data = Json.object();
        ArrayNode list = data.putArray("orders");
        for (String id : wanted) {
            SimOrder order = shop.orders().get(id);
            if (order == null) {
                return error(21008111, "order " + id + " does not belong to this shop");
            }
            list.add(order.toJson());
            count(detailFetches, id);
        }
        return ok(data);
    }

    private ObjectNode search(SimShop shop, Map<String, String> query, JsonNode filter) {
        int pageSize = Math.max(1, Math.min(100, Integer.parseInt(query.getOrDefault("page_size", "20"))));
        int offset = query.containsKey("page_token") ? Integer.parseInt(query.get("page_token")) : 0;
        long from = filter.path("update_time_ge").asLong(0);
        long to = filter.path("update_time_lt").asLong(Long.MAX_VALUE);
        String status = filter.path("order_status").asText("");
        List<SimOrder> matching = shop.orders().values().stream()
                .filter(o -> o.updateTime >= from && o.updateTime < to)
                .filter(o -> status.isEmpty() || o.status.name().equals(status))
                .sorted(Comparator.comparingLong((SimOrder o) -> o.updateTime).thenComparing(o -> o.id))
                .toList();
        ObjectNode data = Json.object();
        ArrayNode list = data.putArray("orders");
        matching.stream().skip(offset).limit(pageSize).forEach(o -> list.add(o.toJson()));
        int next = offset + pageSize;
        data.put("next_page_token", next < matching.size() ? Integer.toString(next) : "");
        data.put("total_count", matching.size());
        return ok(data);
    }

    private ObjectNode shippingProviders() {
        ObjectNode data = Json.object();
        ArrayNode list = data.putArray("shipping_providers");
        SimCatalog.PROVIDERS.forEach((id, name) -> list.addObject().put("id", id).put("name", name));
        return ok(data);
    }

    private ObjectNode markShipped(SimShop shop, String orderId, JsonNode request) {
        count(shipmentCalls, orderId);
        SimOrder order = shop.orders().get(orderId);
        if (order == null) {
            return error(21008111, "order does not belong to this shop");
        }
        String tracking = request.path("tracking_number").asText("");
        String provider = SimCatalog.PROVIDERS.get(request.path("shipping_provider_id").asText(""));
        String packageId;
        synchronized (order) {
            switch (order.status) {
                case ON_HOLD -> {
                    return error(21011044, "the order is on hold and cannot be shipped yet");
                }
                case CANCELLED -> {
                    return error(21011041, "the order is cancelled");
                }
                case UNPAID -> {
                    return error(21042057, "the order is not awaiting shipment");
                }
                case AWAITING_COLLECTION, IN_TRANSIT, DELIVERED, COMPLETED -> {
                    return error(21011040, "the order has already been shipped");
                }
                default -> { }
            }
            if (tracking.isBlank() || provider == null) {
                return error(21011022, "invalid tracking number or shipping provider");
            }
            String owner = trackingNumbers.putIfAbsent(tracking, orderId);
            if (owner != null && !owner.equals(orderId)) {
                return error(21011025, "the tracking number is already used by another order");
            }
            List<String> lineIds = new ArrayList<>();
            request.path("order_line_item_ids").forEach(id -> lineIds.add(id.asText()));
            packageId = SimCatalog.nextId();
            for (SimOrder.Line line : order.lines) {
                if ((lineIds.isEmpty() || lineIds.contains(line.id)) && line.trackingNumber == null) {
                    line.packageId = packageId;
                    line.trackingNumber = tracking;
                    line.providerName = provider;
                    line.packageStatus = "PROCESSING";
                }
            }
            order.packages.add(packageId);
            count(shipmentsAccepted, orderId);
            boolean all = order.lines.stream().allMatch(l -> l.trackingNumber != null);
            order.status = all ? TikTokOrderStatus.AWAITING_COLLECTION : TikTokOrderStatus.PARTIALLY_SHIPPING;
            order.touch(now());
        }
        deliver(statusWebhook(order));
        return ok(Json.object().put("package_id", packageId));
    }

    /** Search Cancellations / Search Returns by id ({@code cancel_ids} / {@code return_ids}) in the shop. */
    private ObjectNode searchRequests(SimShop shop, boolean isReturn, JsonNode body) {
        ObjectNode data = Json.object();
        var found = data.putArray(isReturn ? "return_orders" : "cancellations");
        body.path(isReturn ? "return_ids" : "cancel_ids").forEach(idNode -> {
            SimAfterSales.Request request = afterSales.find(idNode.asText(), isReturn);
            if (request != null && request.shopId.equals(shop.id())) {
                String prefix = isReturn ? "return" : "cancel";
                ObjectNode item = found.addObject().put(prefix + "_id", request.id).put("order_id", request.orderId)
                        .put(prefix + "_status", request.status).put(prefix + "_reason", request.reason)
                        .put(prefix + "_reason_text", request.reasonText);
                if (isReturn) {
                    item.put("return_type", request.returnType);
                }
            }
        });
        data.put("total_count", found.size());
        return ok(data);
    }

    /**
     * Approve or reject a buyer's cancellation request or return. Approving a cancellation cancels the order;
     * approving a return completes a refund-only one and lets the buyer ship the goods back otherwise; rejecting
     * needs one of TikTok's reject reasons. Each outcome is sent as TikTok's webhooks.
     */
    private ObjectNode decideRequest(SimShop shop, boolean isReturn, String id, boolean approve, JsonNode body) {
        SimAfterSales.Request request = afterSales.find(id, isReturn);
        if (request == null || !request.shopId.equals(shop.id())) {
            return error(21008111, (isReturn ? "return " : "cancellation ") + id + " does not belong to this shop");
        }
        if (isReturn && !body.path("decision").asText().equals(approve ? "APPROVE_RETURN" : "REJECT_RETURN")) {
            return error(12052001, "decision must be " + (approve ? "APPROVE_RETURN" : "REJECT_RETURN"));
        }
        if (!approve && !(isReturn ? SimAfterSales.RETURN_REASONS : SimAfterSales.CANCELLATION_REASONS)
                .contains(body.path("reject_reason").asText())) {
            return error(12052002, "reject_reason is required and must be one of TikTok's reject reasons");
        }
        if (!request.awaitsSeller()) {
            return error(12052003, "the request is " + request.status + " and does not wait for the seller");
        }
        SimOrder order = order(request.orderId);
        if (!isReturn) {
            synchronized (order) {
                if (approve) {
                    order.status = TikTokOrderStatus.CANCELLED;
                    order.cancellationInitiator = "BUYER";
                    order.cancelReason = "Buyer's request approved by the seller";
                } else {
                    order.buyerRequestedCancel = false;
                }
                order.touch(now());
            }
            request.status = approve ? "CANCELLATION_REQUEST_COMPLETE" : "CANCELLATION_REQUEST_CANCELLED";
            if (approve) {
                deliver(statusWebhook(order));
            }
            deliver(cancellationWebhook(order, id, request.status));
        } else {
            String next = !approve ? "RETURN_OR_REFUND_REQUEST_REJECT"
                    : "REFUND".equals(request.returnType) ? "RETURN_OR_REFUND_REQUEST_COMPLETE" : "AWAITING_BUYER_SHIP";
            returnStatus(order.id, id, request.returnType, next);
        }
        return ok(Json.object());
    }

    private ObjectNode cancel(SimShop shop, JsonNode request) {
        SimOrder order = shop.orders().get(request.path("order_id").asText(""));
        if (order == null) {
            return error(21008111, "order does not belong to this shop");
        }
        synchronized (order) {
            if (order.status == TikTokOrderStatus.CANCELLED) {
                return error(21011041, "the order is already cancelled");
            }
            if (order.packages.size() > 0 || order.status.ordinal() >= TikTokOrderStatus.AWAITING_COLLECTION.ordinal()) {
                return error(21011040, "the order has already been shipped");
            }
            order.status = TikTokOrderStatus.CANCELLED;
            order.cancellationInitiator = "SELLER";
            order.cancelReason = request.path("cancel_reason").asText("seller cancelled");
            order.touch(now());
        }
        deliver(statusWebhook(order));
        return ok(Json.object().put("cancel_id", SimCatalog.nextId()).put("cancel_status", "CANCELLATION_COMPLETE"));
    }

    private ObjectNode token(String path, Map<String, String> query) {
        if (!appKey.equals(query.get("app_key")) || !appSecret.equals(query.get("app_secret"))) {
            return error(36009004, "invalid app_key or app_secret");
        }
        long now = now();
        SimShop shop;
        if (path.equals("/api/v2/token/get")) {
            if (!"authorized_code".equals(query.get("grant_type"))) {
                return error(36009004, "grant_type must be authorized_code");
            }
            PendingCode pending = codes.remove(query.getOrDefault("auth_code", ""));
            if (pending == null || pending.expiresAt() < now || !shops.containsKey(pending.shopId())) {
                return error(36009004, "invalid, used or expired auth_code");
            }
            shop = shops.get(pending.shopId());
        } else if (path.equals("/api/v2/token/refresh")) {
            if (!"refresh_token".equals(query.get("grant_type"))) {
                return error(36009004, "grant_type must be refresh_token");
            }
            String refresh = query.getOrDefault("refresh_token", "");
            shop = shops.values().stream().filter(s -> s.tokens().refreshToken().equals(refresh)).findFirst()
                    .orElse(null);
            if (shop == null) {
                return error(36009004, "invalid refresh_token");
            }
            if (shop.tokens().refreshExpiresAt() < now) {
                return error(36009004, "refresh_token expired");
            }
        } else {
            return error(36009004, "unsupported token call");
        }
        shop.tokens().rotate(token("TTP"), now + accessLifetime.toSeconds(), token("RTP"),
                now + refreshLifetime.toSeconds());
        ObjectNode data = Json.object().put("access_token", shop.tokens().accessToken())
                .put("access_token_expire_in", shop.tokens().accessExpiresAt())
                .put("refresh_token", shop.tokens().refreshToken())
                .put("refresh_token_expire_in", shop.tokens().refreshExpiresAt())
                .put("open_id", "sim-" + shop.id()).put("seller_name", shop.name())
                .put("seller_base_region", shop.region()).put("user_type", 0);
        data.putArray("granted_scopes").add("seller.order.info").add("seller.fulfillment.basic")
                .add("seller.authorization.info");
        return ok(data);
    }

    static ObjectNode ok(JsonNode data) {
        ObjectNode answer = Json.object().put("code", 0).put("message", "Success")
                .put("request_id", UUID.randomUUID().toString());
        answer.set("data", data);
        return answer;
    }

    static ObjectNode error(long code, String message) {
        return Json.object().put("code", code).put("message", message)
                .put("request_id", UUID.randomUUID().toString());
    }

    private static String token(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static void count(Map<String, AtomicLong> counters, String key) {
        counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    // ------------------------------------------------------------------ statistics and HTTP control

    /** API calls by path and error answers by code, plus webhook delivery counts. */
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Long> byPath = new LinkedHashMap<>();
        calls.forEach((k, v) -> byPath.put(k, v.get()));
        Map<String, Long> byCode = new LinkedHashMap<>();
        errors.forEach((k, v) -> byCode.put(k, v.get()));
        stats.put("apiCalls", byPath);
        stats.put("errorsByCode", byCode);
        stats.put("webhooks", webhooks.stats());
        stats.put("shops", shops.size());
        stats.put("orders", orders.size());
        return stats;
    }

    /** How many times Get Order Detail returned an order (a second fetch means it was synced again). */
    public long detailFetches(String orderId) {
        AtomicLong count = detailFetches.get(orderId);
        return count == null ? 0 : count.get();
    }

    /**
     * Mark-as-shipped calls for one order.
     *
     * @param calls calls received (a repeat answered "already shipped" counts here too)
     * @param accepted calls that created a package
     */
    public record ShipmentPushes(long calls, long accepted) {
    }

    /** Mark-as-shipped calls by order id. */
    public Map<String, ShipmentPushes> shipmentPushes() {
        Map<String, ShipmentPushes> all = new LinkedHashMap<>();
        shipmentCalls.forEach((orderId, calls) -> all.put(orderId, new ShipmentPushes(calls.get(),
                Optional.ofNullable(shipmentsAccepted.get(orderId)).map(AtomicLong::get).orElse(0L))));
        return all;
    }

    /** API calls so far to a path (ids replaced by {@code {id}}). */
    public long calls(String path) {
        AtomicLong count = calls.get(path);
        return count == null ? 0 : count.get();
    }

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? Json.object() : Json.MAPPER.readTree(bytes);
            }
            Object answer;
            int status = 200;
            try {
                answer = controlRoute(method, path, body);
                if (answer == null) {
                    status = 404;
                    answer = Map.of("message", "no control endpoint " + method + " " + path);
                }
            } catch (IllegalArgumentException e) {
                status = 400;
                answer = Map.of("message", e.getMessage());
            }
            respondJson(exchange, status, answer);
        }
    }

    private Object controlRoute(String method, String path, JsonNode body) {
        switch (method + " " + path) {
            case "GET /sim/stats":
                return stats();
            case "GET /sim/shipments":
                return shipmentPushes();
            case "GET /sim/shops":
                return shops.values().stream().map(s -> Map.of("id", s.id(), "name", s.name(), "cipher", s.cipher(),
                        "orders", s.orders().size())).toList();
            case "POST /sim/shops":
                SimShop shop = addShop(body.path("name").asText("Simulated shop"));
                return Map.of("id", shop.id(), "cipher", shop.cipher());
            case "POST /sim/authorization":
                autoApprove(body.hasNonNull("autoApproveShopId") ? body.get("autoApproveShopId").asText() : null);
                tokenLifetimes(Duration.ofSeconds(body.path("accessTokenSeconds").asLong(accessLifetime.toSeconds())),
                        Duration.ofSeconds(body.path("refreshTokenSeconds").asLong(refreshLifetime.toSeconds())));
                return Map.of("serviceId", serviceId(), "authorizeUrl", authorizeUrl().toString(),
                        "autoApproveShopId", String.valueOf(autoApproveShop),
                        "accessTokenSeconds", accessLifetime.toSeconds(),
                        "refreshTokenSeconds", refreshLifetime.toSeconds());
            case "POST /sim/orders":
                String shopId = body.path("shopId").asText(firstShop());
                String id = body.path("tiktokShipping").asBoolean(false)
                        ? createOrder(shopId, SimCatalog.nextId(), Map.of(sellerSkus().get(0), 1), true)
                        : body.path("paid").asBoolean(true) ? createPaidOrder(shopId) : createOrder(shopId);
                if (body.path("tiktokShipping").asBoolean(false) && body.path("paid").asBoolean(true)) {
                    setStatus(id, TikTokOrderStatus.AWAITING_SHIPMENT);
                }
                return Map.of("orderId", id);
            case "POST /sim/tiktok-shipping":
                tiktokShipping(Duration.ofSeconds(body.path("linkLifetimeSeconds").asLong(300)),
                        body.path("expireNextLinks").asInt(0), body.hasNonNull("autoProgressSeconds")
                                ? Duration.ofSeconds(body.get("autoProgressSeconds").asLong()) : null);
                return Map.of("downloads", documentDownloads()[0], "expiredDownloads", documentDownloads()[1]);
            case "GET /sim/chaos", "POST /sim/chaos":
                if (method.equals("POST")) {
                    applyChaos(body);
                }
                return Map.of("latencyMillis", chaos.latencyMillis(), "serverErrorRate", chaos.serverErrorRate(),
                        "throttleRate", chaos.throttleRate(), "outage", chaos.outage(),
                        "enforceRateLimit", chaos.enforceRateLimit());
            case "POST /sim/webhooks":
                webhooks.maxDelayMillis(body.path("maxDelayMillis").asInt(0))
                        .duplicateRate(body.path("duplicateRate").asDouble(0))
                        .reorderRate(body.path("reorderRate").asDouble(0), body.path("reorderHoldMillis").asInt(1500))
                        .dropRate(body.path("dropRate").asDouble(0));
                return webhooks.stats();
            case "POST /sim/traffic":
                TrafficGenerator traffic = traffic();
                int count = body.path("orders").asInt(10);
                traffic.start(body.path("shopId").asText(firstShop()), body.path("ordersPerSecond").asDouble(5),
                        count, body.path("stepDelayMillis").asInt(500), body.path("onHoldShare").asDouble(0.5),
                        body.path("cancelShare").asDouble(0));
                return Map.of("started", count);
            default:
                break;
        }
        Matcher deauthorize = SIM_DEAUTHORIZE.matcher(path);
        if (method.equals("POST") && deauthorize.matches()) {
            deauthorize(deauthorize.group(1));
            return Map.of("deauthorized", deauthorize.group(1));
        }
        Matcher order = SIM_ORDER.matcher(path);
        if (order.matches()) {
            if (method.equals("GET") && order.group(2) == null) {
                return orderJson(order.group(1));
            }
            if (method.equals("POST") && "/progress".equals(order.group(2))) {
                progressTikTokShipment(order.group(1));
                return orderJson(order.group(1));
            }
            if (method.equals("POST") && "/status".equals(order.group(2))) {
                setStatus(order.group(1), TikTokOrderStatus.parse(body.path("status").asText(null)));
                return orderJson(order.group(1));
            }
        }
        return null;
    }

    private void applyChaos(JsonNode body) {
        if (body.has("latencyMillis")) {
            chaos.latencyMillis(body.get("latencyMillis").asInt());
        }
        if (body.has("serverErrorRate")) {
            chaos.serverErrorRate(body.get("serverErrorRate").asDouble());
        }
        if (body.has("throttleRate")) {
            chaos.throttleRate(body.get("throttleRate").asDouble());
        }
        if (body.has("outage")) {
            chaos.outage(body.get("outage").asBoolean());
        }
        if (body.has("enforceRateLimit")) {
            chaos.enforceRateLimit(body.get("enforceRateLimit").asBoolean());
        }
    }

    private String firstShop() {
        return shops.keySet().stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the simulator has no shop yet"));
    }

    /** The shop that owns an order. */
    public Optional<String> shopOf(String orderId) {
        return Optional.ofNullable(orders.get(orderId)).map(o -> o.shopId);
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        requests.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respondJson(HttpExchange exchange, int status, Object answer) throws IOException {
        byte[] bytes = Json.bytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
