package com.creatorflow.local.simulators.tiktok;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's TikTok Shipping: packages of {@code TIKTOK}-shipped orders (created by TikTok with the order),
 * handover time slots, Ship Package with PICKUP (in an offered slot) or DROP_OFF, Get Package Detail, and shipping
 * documents (label, packing slip) behind short-lived pre-signed URLs under {@code /docs/} that answer 403 once
 * expired, as an expired S3 link does. After the shipment is arranged the package progresses AWAITING_COLLECTION →
 * IN_TRANSIT → DELIVERED by {@link #progress(SimOrder)} (or on its own every {@link #autoProgress(Duration)}), each
 * step with the order's status webhook.
 */
final class SimTikTokShipping {
    /** The simulator's code for a package that is not a TikTok Shipping one, or not arranged yet. */
    static final long NOT_ARRANGED = 21011062;
    /** The simulator's code for a pickup slot TikTok did not offer. */
    static final long INVALID_SLOT = 21011063;
    private static final Pattern HANDOVER = Pattern.compile("/fulfillment/202309/packages/([^/]+)/handover_time_slots");
    private static final Pattern SHIP = Pattern.compile("/fulfillment/202309/packages/([^/]+)/ship");
    private static final Pattern DOCUMENTS = Pattern.compile("/fulfillment/202309/packages/([^/]+)/shipping_documents");
    private static final Pattern DETAIL = Pattern.compile("/fulfillment/202309/packages/([^/]+)");
    private static final long SLOT_SECONDS = 3 * 3600;

    /** A document behind a pre-signed link. */
    private record Document(String orderId, String type, String trackingNumber, long expiresAtMillis) {
    }

    private final LongSupplier nowSeconds;
    private final Consumer<SimOrder> changed;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final AtomicLong trackingNumbers = new AtomicLong(9_400_000_000L + (System.nanoTime() % 1_000_000));
    private final AtomicInteger expireNext = new AtomicInteger();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong expiredDownloads = new AtomicLong();
    private volatile Duration linkLifetime = Duration.ofMinutes(5);
    private volatile Duration autoProgress;

    /**
     * @param nowSeconds the simulator's clock
     * @param changed called after an order changed (sends its status webhook)
     */
    SimTikTokShipping(LongSupplier nowSeconds, Consumer<SimOrder> changed) {
        this.nowSeconds = nowSeconds;
        this.changed = changed;
    }

    /** Makes an order a TikTok Shipping one: TikTok creates its package with it. */
    static void tiktokShipped(SimOrder order) {
        String packageId = SimCatalog.nextId();
        order.shippingType = "TIKTOK";
        order.packages.add(packageId);
        order.lines.forEach(line -> line.packageId = packageId);
    }

    void linkLifetime(Duration lifetime) {
        linkLifetime = lifetime;
    }

    void expireNextLinks(int count) {
        expireNext.set(count);
    }

    void autoProgress(Duration every) {
        autoProgress = every;
    }

    Duration autoProgressEvery() {
        return autoProgress;
    }

    long downloads() {
        return downloads.get();
    }

    long expiredDownloads() {
        return expiredDownloads.get();
    }

    /** Answers a TikTok Shipping API call, or empty when the path is not one. */
    Optional<ObjectNode> handle(SimShop shop, String method, String path, Map<String, String> query, JsonNode body,
                                String documentBase) {
        Matcher m;
        if (method.equals("GET") && (m = HANDOVER.matcher(path)).matches()) {
            return Optional.of(withPackage(shop, m.group(1), order -> slots(order)));
        }
        if (method.equals("POST") && (m = SHIP.matcher(path)).matches()) {
            return Optional.of(withPackage(shop, m.group(1), order -> ship(order, body)));
        }
        if (method.equals("GET") && (m = DOCUMENTS.matcher(path)).matches()) {
            String packageId = m.group(1);
            return Optional.of(withPackage(shop, packageId, order -> document(order, query, documentBase)));
        }
        if (method.equals("GET") && (m = DETAIL.matcher(path)).matches()) {
            return Optional.of(withPackage(shop, m.group(1), this::detail));
        }
        return Optional.empty();
    }

    private ObjectNode withPackage(SimShop shop, String packageId, java.util.function.Function<SimOrder, ObjectNode> then) {
        SimOrder order = shop.orders().values().stream().filter(o -> o.packages.contains(packageId)).findFirst()
                .orElse(null);
        if (order == null) {
            return TikTokShopSimulator.error(21008111, "package " + packageId + " does not belong to this shop");
        }
        synchronized (order) {
            return then.apply(order);
        }
    }

    private ObjectNode slots(SimOrder order) {
        if (!"TIKTOK".equals(order.shippingType)) {
            return TikTokShopSimulator.error(NOT_ARRANGED, "handover slots exist only for TikTok Shipping packages");
        }
        ObjectNode data = Json.object().put("can_pickup", true).put("can_drop_off", true)
                .put("can_van_pickup", false).put("drop_off_point_url", "https://shop.tiktok.com/drop-off-points");
        ArrayNode slots = data.putArray("pickup_slots");
        long dayStart = (nowSeconds.getAsLong() / 86_400 + 1) * 86_400;
        for (int day = 0; day < 3; day++) {
            long start = dayStart + day * 86_400L + 9 * 3600;
            slots.addObject().put("start_time", start).put("end_time", start + SLOT_SECONDS).put("avaliable", true);
        }
        return TikTokShopSimulator.ok(data);
    }

    private ObjectNode ship(SimOrder order, JsonNode request) {
        if (!"TIKTOK".equals(order.shippingType)) {
            return TikTokShopSimulator.error(NOT_ARRANGED, "Ship Package with a handover method is for TikTok "
                    + "Shipping packages; report the seller's tracking number instead");
        }
        switch (order.status) {
            case ON_HOLD -> {
                return TikTokShopSimulator.error(21011044, "the order is on hold and cannot be shipped yet");
            }
            case CANCELLED -> {
                return TikTokShopSimulator.error(21011041, "the order is cancelled");
            }
            case UNPAID -> {
                return TikTokShopSimulator.error(21042057, "the order is not awaiting shipment");
            }
            case AWAITING_COLLECTION, IN_TRANSIT, DELIVERED, COMPLETED -> {
                return TikTokShopSimulator.error(21011040, "the package has already been shipped");
            }
            default -> { }
        }
        String method = request.path("handover_method").asText("");
        if (method.equals("PICKUP")) {
            long start = request.path("pickup_slot").path("start_time").asLong(-1);
            long dayStart = (nowSeconds.getAsLong() / 86_400 + 1) * 86_400;
            boolean offered = start >= dayStart && (start - dayStart - 9 * 3600) % 86_400 == 0
                    && request.path("pickup_slot").path("end_time").asLong() == start + SLOT_SECONDS;
            if (!offered) {
                return TikTokShopSimulator.error(INVALID_SLOT, "pickup_slot must be one of the offered slots");
            }
        } else if (!method.equals("DROP_OFF")) {
            return TikTokShopSimulator.error(INVALID_SLOT, "handover_method must be PICKUP or DROP_OFF");
        }
        String tracking = "TT" + trackingNumbers.incrementAndGet();
        order.handoverMethod = method;
        for (SimOrder.Line line : order.lines) {
            line.trackingNumber = tracking;
            line.providerName = "USPS";
            line.packageStatus = "PROCESSING";
        }
        order.status = TikTokOrderStatus.AWAITING_COLLECTION;
        order.touch(nowSeconds.getAsLong());
        changed.accept(order);
        return TikTokShopSimulator.ok(Json.object());
    }

    private ObjectNode document(SimOrder order, Map<String, String> query, String documentBase) {
        String type = query.getOrDefault("document_type", "");
        if (!type.equals("SHIPPING_LABEL") && !type.equals("PACKING_SLIP")
                && !type.equals("SHIPPING_LABEL_AND_PACKING_SLIP")) {
            return TikTokShopSimulator.error(INVALID_SLOT, "document_type must be SHIPPING_LABEL, PACKING_SLIP or "
                    + "SHIPPING_LABEL_AND_PACKING_SLIP");
        }
        String tracking = order.lines.isEmpty() ? null : order.lines.get(0).trackingNumber;
        if (!"TIKTOK".equals(order.shippingType) || tracking == null) {
            return TikTokShopSimulator.error(NOT_ARRANGED, "shipping documents exist once a TikTok Shipping "
                    + "package's shipment is arranged");
        }
        long now = System.currentTimeMillis();
        long expires = expireNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? now - 1
                : now + linkLifetime.toMillis();
        String token = UUID.randomUUID().toString().replace("-", "");
        documents.put(token, new Document(order.id, type, tracking, expires));
        String url = documentBase + "/docs/" + token + ".pdf?X-Expires=" + (expires / 1000) + "&X-Signature="
                + token.substring(0, 16);
        return TikTokShopSimulator.ok(Json.object().put("doc_url", url).put("tracking_number", tracking));
    }

    private ObjectNode detail(SimOrder order) {
        SimOrder.Line first = order.lines.isEmpty() ? null : order.lines.get(0);
        ObjectNode data = Json.object();
        data.put("package_id", first == null ? "" : first.packageId);
        data.put("order_id", order.id);
        data.put("package_status", first == null ? "" : first.packageStatus);
        data.put("tracking_number", first == null || first.trackingNumber == null ? "" : first.trackingNumber);
        data.put("shipping_provider_name", first == null || first.providerName == null ? "" : first.providerName);
        data.put("handover_method", order.handoverMethod == null ? "" : order.handoverMethod);
        data.put("shipping_type", order.shippingType);
        return TikTokShopSimulator.ok(data);
    }

    /**
     * The download of a pre-signed document link: the PDF, or null with {@code expired[0] = true} when the link
     * expired (403), null alone when it names nothing (404).
     */
    byte[] download(String token, boolean[] expired) {
        Document doc = documents.get(token);
        if (doc == null) {
            return null;
        }
        if (System.currentTimeMillis() > doc.expiresAtMillis()) {
            expiredDownloads.incrementAndGet();
            expired[0] = true;
            return null;
        }
        downloads.incrementAndGet();
        String text = "%PDF-1.4\n% TikTok Shipping " + doc.type() + " for order " + doc.orderId() + ", tracking "
                + doc.trackingNumber() + "\n%%EOF\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Moves an arranged TikTok Shipping order one step: AWAITING_COLLECTION → IN_TRANSIT → DELIVERED. Returns false
     * when there is nothing to move.
     */
    boolean progress(SimOrder order) {
        synchronized (order) {
            if (!"TIKTOK".equals(order.shippingType)) {
                return false;
            }
            switch (order.status) {
                case AWAITING_COLLECTION -> {
                    order.status = TikTokOrderStatus.IN_TRANSIT;
                    order.lines.forEach(l -> l.packageStatus = "FULFILLING");
                }
                case IN_TRANSIT -> {
                    order.status = TikTokOrderStatus.DELIVERED;
                    order.lines.forEach(l -> l.packageStatus = "COMPLETED");
                }
                default -> {
                    return false;
                }
            }
            order.touch(nowSeconds.getAsLong());
        }
        changed.accept(order);
        return true;
    }
}
