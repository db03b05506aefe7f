package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.analytics.domain.DurationHistogram;
import com.creatorflow.shared.analytics.domain.OrderContribution;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.DomainEvent;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderEvents;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Thousands of orders through the real workflows on the local runtime (TikTok webhooks, sync, fulfilment, reviews,
 * splits, cancellations on TikTok and by the creator, deliveries and returns), with events replayed on the bus,
 * then every report of the analytics API compared with a recomputation from the orders and their audit trails; then
 * one day's aggregates are damaged and the rebuild route, run while events are replayed, restores them.
 * {@code -Danalytics.orders=N} (default 2,000) and {@code -Danalytics.threads=N} (default 24) size the run.
 */
class AnalyticsRecomputationIT {
    private static final int ORDERS = Integer.getInteger("analytics.orders", 2_000);
    private static final int THREADS = Integer.getInteger("analytics.threads", 24);
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final String ZONE = "America/Los_Angeles";
    private static final List<String> STOCKED = List.of("TEE-BLK-M", "TEE-WHT-L", "STICKER-01");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SimulatedWorld world;
    private static TikTokShopSimulator tiktok;
    private static EasyPostSimulator carriers;
    private static LocalRuntime runtime;

    /** What the test does with an order. */
    private enum Path { SHIP, DELIVER, RETURN, TIKTOK_CANCEL, CREATOR_CANCEL, REVIEW_APPROVE, REVIEW_SPLIT,
        REVIEW_CANCEL, LEFT_OPEN }

    @BeforeAll
    static void start() {
        world = SimulatedWorld.start(Map.of("HIGH_VALUE_THRESHOLD_MINOR", "15000",
                "API_RATE_LIMIT_PER_SECOND", "1000000", "API_TOKEN_RATE_LIMIT_PER_SECOND", "1000000"));
        tiktok = world.tiktok();
        carriers = world.carriers();
        runtime = world.runtime();
        carriers.latency(Duration.ZERO, Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void everyReportAgreesWithARecomputationFromTheOrdersAndTheirAuditTrails() throws Exception {
        String tenant = "an-" + UUID.randomUUID();
        Shop shop = creator(tenant);
        long seed = Long.getLong("analytics.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Path> plan = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            plan.add(pick(random.nextInt(100)));
        }
        long started = System.nanoTime();
        ConcurrentLinkedQueue<String> orderIds = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                Path path = plan.get(i);
                long orderSeed = random.nextLong();
                runs.add(pool.submit(() -> {
                    orderIds.add(drive(tenant, shop, path, new Random(orderSeed)));
                    done.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
        System.out.printf("analytics recomputation: %d orders driven in %d s (seed %d)%n", ORDERS,
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), seed);
        assertThat(orderIds).hasSize(ORDERS);
        replay(tenant, new ArrayList<>(orderIds), new Random(seed), ORDERS / 5);

        awaitAgreement(tenant);
        System.out.printf("analytics recomputation: reports agree %d s after the start%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());

        damageAndRebuild(tenant, new ArrayList<>(orderIds), new Random(seed));
        awaitAgreement(tenant);
        assertThat(api(tenant, "GET", "/v1/analytics/reports?from=2026-01-01&to=2026-01-02&groupBy=week", null)
                .statusCode()).isEqualTo(400);
        System.out.printf("analytics recomputation: all done in %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static Path pick(int roll) {
        if (roll < 30) {
            return Path.SHIP;
        }
        if (roll < 45) {
            return Path.DELIVER;
        }
        if (roll < 55) {
            return Path.RETURN;
        }
        if (roll < 63) {
            return Path.TIKTOK_CANCEL;
        }
        if (roll < 70) {
            return Path.CREATOR_CANCEL;
        }
        if (roll < 80) {
            return Path.REVIEW_APPROVE;
        }
        if (roll < 87) {
            return Path.REVIEW_SPLIT;
        }
        if (roll < 93) {
            return Path.REVIEW_CANCEL;
        }
        return Path.LEFT_OPEN;
    }

    /** One order along its path; returns its id once it has reached the path's end. */
    private static String drive(String tenant, Shop shop, Path path, Random random) throws Exception {
        Map<String, Integer> units = switch (path) {
            case TIKTOK_CANCEL, CREATOR_CANCEL, LEFT_OPEN -> Map.of(random.nextBoolean() ? "GLOSS-NUDE"
                    : "GLOSS-CHERRY", 1 + random.nextInt(2));
            case REVIEW_APPROVE, REVIEW_SPLIT, REVIEW_CANCEL -> Map.of("LIGHT-RING-10", 5, STOCKED.get(
                    random.nextInt(STOCKED.size())), 1);
            default -> {
                Map<String, Integer> lines = new TreeMap<>();
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    lines.put(STOCKED.get(random.nextInt(STOCKED.size())), 1 + random.nextInt(2));
                }
                yield lines;
            }
        };
        String orderId = tiktok.createOrder(shop.shopId(), Long.toString(4_000_000_000L
                + Math.floorMod(random.nextLong(), 1_000_000_000_000L)), units);
        tiktok.setStatus(orderId, TikTokOrderStatus.ON_HOLD);
        tiktok.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        switch (path) {
            case SHIP -> awaitState(tenant, orderId, OrderState.SHIPPED);
            case DELIVER, RETURN -> {
                awaitState(tenant, orderId, OrderState.SHIPPED);
                tiktok.setStatus(orderId, TikTokOrderStatus.DELIVERED);
                awaitState(tenant, orderId, OrderState.DELIVERED);
                if (path == Path.RETURN) {
                    String returnId = "77" + Math.floorMod(random.nextLong(), 1_000_000_000_000L);
                    String type = random.nextBoolean() ? "RETURN_AND_REFUND" : "REFUND";
                    tiktok.returnStatus(orderId, returnId, type, "RETURN_OR_REFUND_REQUEST_PENDING");
                    awaitState(tenant, orderId, OrderState.RETURN_REQUESTED);
                    tiktok.returnStatus(orderId, returnId, type, "RETURN_OR_REFUND_REQUEST_COMPLETE");
                    awaitState(tenant, orderId, OrderState.RETURNED);
                }
            }
            case TIKTOK_CANCEL -> {
                awaitState(tenant, orderId, OrderState.BACKORDERED);
                tiktok.setStatus(orderId, TikTokOrderStatus.CANCELLED);
                awaitState(tenant, orderId, OrderState.CANCELLED);
            }
            case CREATOR_CANCEL -> {
                awaitState(tenant, orderId, OrderState.BACKORDERED);
                assertThat(api(tenant, "POST", "/v1/orders/" + orderId + "/cancel",
                        "{\"reason\":\"out of stock for too long\"}").statusCode()).isEqualTo(202);
                awaitState(tenant, orderId, OrderState.CANCELLED);
            }
            case REVIEW_APPROVE, REVIEW_SPLIT, REVIEW_CANCEL -> {
                Order waiting = awaitState(tenant, orderId, OrderState.NEEDS_ATTENTION);
                if (path == Path.REVIEW_SPLIT) {
                    List<String> lineIds = waiting.lines().stream().flatMap(l -> l.tiktokLineIds().stream())
                            .toList();
                    List<List<String>> packages = List.of(lineIds.subList(0, 1), lineIds.subList(1,
                            lineIds.size()));
                    assertThat(api(tenant, "POST", "/v1/orders/" + orderId + "/split",
                            Json.write(Map.of("packages", packages))).statusCode()).isEqualTo(200);
                }
                await("the review of " + orderId + " is queued", () -> api(tenant, "GET", "/v1/reviews", null)
                        .body().contains(orderId));
                String decision = path == Path.REVIEW_CANCEL ? "CANCEL" : "APPROVE";
                assertThat(api(tenant, "POST", "/v1/orders/" + orderId + "/review-decision",
                        "{\"decision\":\"" + decision + "\"}").statusCode()).isEqualTo(200);
                awaitState(tenant, orderId, path == Path.REVIEW_CANCEL ? OrderState.CANCELLED : OrderState.SHIPPED);
            }
            case LEFT_OPEN -> awaitState(tenant, orderId, OrderState.BACKORDERED);
            default -> throw new IllegalStateException(path.name());
        }
        return orderId;
    }

    /** Puts every event of some orders on the bus again (as a redelivery would), in a random order. */
    private static void replay(String tenant, List<String> orderIds, Random random, int count) {
        Env env = runtime.functions().get("OrderEventsFunction").env();
        EventBridgePublisher bus = EventBridgePublisher.fromEnv(env);
        Collections.shuffle(orderIds, random);
        List<DomainEvent> events = new ArrayList<>();
        for (String orderId : orderIds.subList(0, Math.min(count, orderIds.size()))) {
            orders().history(tenant, orderId).forEach(entry -> events.addAll(OrderEvents.fromAudit(entry)));
        }
        Collections.shuffle(events, random);
        for (int i = 0; i < events.size(); i += 10) {
            assertThat(bus.publishAll(events.subList(i, Math.min(events.size(), i + 10)))).isEmpty();
        }
    }

    /**
     * Damages the aggregates (a day's counters inflated, an order's stored contribution deleted, another's day
     * counters zeroed), then rebuilds the range through the API while events of other orders are replayed.
     */
    private static void damageAndRebuild(String tenant, List<String> orderIds, Random random) throws Exception {
        String table = runtime.tables().get("AnalyticsTable");
        var dynamo = runtime.aws().dynamo();
        LocalDate today = LocalDate.now(ZoneId.of(ZONE));
        dynamo.updateItem(u -> u.tableName(table).key(Map.of("tenantId", AttributeValue.fromS(tenant), "sk",
                        AttributeValue.fromS("agg#" + today))).updateExpression("ADD #o :five")
                .expressionAttributeNames(Map.of("#o", "all||orders"))
                .expressionAttributeValues(Map.of(":five", AttributeValue.fromN("5"))));
        dynamo.deleteItem(d -> d.tableName(table).key(Map.of("tenantId", AttributeValue.fromS(tenant), "sk",
                AttributeValue.fromS("contrib#" + orderIds.get(0)))));
        assertThat(report(tenant, "day").get("rows").toString()).as("the damage shows").isNotEqualTo(
                expectedRows(recompute(tenant), "day").toString());
        HttpResponse<String> asked = api(tenant, "POST", "/v1/analytics/rebuild",
                Json.write(Map.of("from", today.minusDays(1).toString(), "to", today.plusDays(1).toString())));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        replay(tenant, orderIds, random, 50);
    }

    /** Waits until every report equals the recomputation, then checks the CSV and the today summary too. */
    private static void awaitAgreement(String tenant) throws Exception {
        Recomputed[] last = new Recomputed[1];
        String[] difference = new String[1];
        try {
            await("every analytics report agrees with the recomputation", () -> {
                last[0] = recompute(tenant);
                for (String groupBy : List.of("day", "hour", "sku", "carrier", "shop", "state")) {
                    JsonNode report = report(tenant, groupBy);
                    JsonNode expected = expectedRows(last[0], groupBy);
                    if (!report.get("rows").equals(expected)) {
                        difference[0] = groupBy + ": " + report.get("rows") + " expected " + expected;
                        return false;
                    }
                    if (!agreesOnTheRest(report, last[0])) {
                        difference[0] = groupBy + " summary: " + report + " expected " + last[0].totals;
                        return false;
                    }
                }
                return true;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + difference[0], e);
        }
        Recomputed expected = last[0];
        HttpResponse<String> csv = api(tenant, "GET", "/v1/analytics/reports?from=" + expected.from + "&to="
                + expected.to + "&groupBy=sku&format=csv", null);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("key,orders,units,revenue,currency");
        assertThat(lines).hasSize(1 + expectedRows(expected, "sku").size());
        JsonNode today = Json.tree(api(tenant, "GET", "/v1/analytics/today", null).body());
        String day = LocalDate.now(ZoneId.of(ZONE)).toString();
        assertThat(today.get("orders").asLong()).isEqualTo(expected.byDay.getOrDefault(day, new Row()).orders);
        assertThat(today.get("needsAttention").asLong()).isEqualTo(expected.byState
                .getOrDefault("NEEDS_ATTENTION", new Row()).orders);
        assertThat(today.get("timeZone").asText()).isEqualTo(ZONE);
    }

    private static boolean agreesOnTheRest(JsonNode report, Recomputed expected) {
        JsonNode fulfilment = report.get("fulfilment");
        for (String measure : OrderContribution.MEASURES) {
            DurationHistogram histogram = expected.histograms.get(measure);
            JsonNode reported = fulfilment.get(measure);
            if (reported.get("count").asLong() != histogram.count()
                    || !same(histogram.quantileSeconds(0.5), reported.path("p50Seconds"))
                    || !same(histogram.quantileSeconds(0.95), reported.path("p95Seconds"))) {
                return false;
            }
        }
        return report.at("/sla/breaches").asLong() == expected.totals.sla
                && report.at("/sla/atRisk").asLong() == expected.atRisk
                && tree(expected.cancellations).equals(report.get("cancellations"))
                && tree(expected.returns).equals(report.get("returns"))
                && report.at("/automation/manualInterventions").equals(tree(expected.interventions))
                && (expected.totals.shipped == 0 || report.at("/automation/rate").asDouble()
                == expected.touchless / (double) expected.totals.shipped);
    }

    private static boolean same(Long expected, JsonNode reported) {
        return expected == null ? reported.isMissingNode() || reported.isNull() : reported.asLong() == expected;
    }

    private static JsonNode report(String tenant, String groupBy) throws Exception {
        Recomputed range = recomputeRange(tenant);
        HttpResponse<String> response = api(tenant, "GET", "/v1/analytics/reports?from=" + range.from + "&to="
                + range.to + "&groupBy=" + groupBy, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.tree(response.body());
    }

    /** One row's figures as the test recomputes them. */
    private static final class Row {
        long orders;
        long units;
        long revenue;
        long cancelled;
        long returned;
        long shipped;
        long sla;
        long labelled;
        long cost;

        void add(long orderUnits, long orderRevenue, boolean isCancelled, boolean isReturned, boolean isShipped,
                 boolean late, boolean isLabelled, long labelCost) {
            orders++;
            units += orderUnits;
            revenue += orderRevenue;
            cancelled += isCancelled ? 1 : 0;
            returned += isReturned ? 1 : 0;
            shipped += isShipped ? 1 : 0;
            sla += late ? 1 : 0;
            labelled += isLabelled ? 1 : 0;
            cost += labelCost;
        }
    }

    /** Everything the reports should say, recomputed from the orders and their trails. */
    private static final class Recomputed {
        String from;
        String to;
        final Row totals = new Row();
        final Map<String, Row> byDay = new TreeMap<>();
        final Map<String, Row> byHour = new TreeMap<>();
        final Map<String, Row> bySku = new TreeMap<>();
        final Map<String, Row> byCarrier = new TreeMap<>();
        final Map<String, Row> byShop = new TreeMap<>();
        final Map<String, Row> byState = new TreeMap<>();
        final Map<String, DurationHistogram> histograms = new TreeMap<>();
        final Map<String, Long> cancellations = new TreeMap<>();
        final Map<String, Long> returns = new TreeMap<>();
        final Map<String, Long> interventions = new TreeMap<>();
        long touchless;
        long atRisk;
    }

    private static Recomputed recomputeRange(String tenant) {
        Recomputed range = new Recomputed();
        LocalDate today = LocalDate.now(ZoneId.of(ZONE));
        range.from = today.minusDays(1).toString();
        range.to = today.plusDays(1).toString();
        return range;
    }

    /**
     * The figures recomputed from every order of the tenant and its audit trail, written here from the documented
     * meaning (docs/analytics.md), not through the aggregates' code.
     */
    private static Recomputed recompute(String tenant) {
        Recomputed r = recomputeRange(tenant);
        ZoneId zone = ZoneId.of(ZONE);
        OrderContribution.MEASURES.forEach(m -> r.histograms.put(m, new DurationHistogram()));
        Instant riskLimit = Instant.now().plus(Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        String cursor = null;
        do {
            Page<Order> page = orders().search(tenant, OrderQuery.all(), 100, cursor);
            for (Order order : page.items()) {
                List<AuditRecord> trail = orders().history(tenant, order.orderId()).stream()
                        .filter(e -> e.seq() <= order.version()).toList();
                Instant labelled = first(trail, "LABELED");
                Instant shipped = first(trail, "SHIPPED", "IN_TRANSIT", "DELIVERED", "COMPLETED");
                Instant delivered = first(trail, "DELIVERED");
                AuditRecord cancelled = last(trail, "CANCELLED");
                AuditRecord returned = last(trail, "RETURNED");
                boolean late = shipped != null && order.shipBy() != null && shipped.isAfter(order.shipBy());
                long cost = 0;
                String carrier = "none";
                for (AuditRecord entry : trail) {
                    JsonNode details = entry.details() == null ? null : Json.tree(entry.details());
                    if (details != null && details.hasNonNull("cost") && details.hasNonNull("carrier")) {
                        cost += new java.math.BigDecimal(details.get("cost").asText().split(" ")[0])
                                .movePointRight(2).longValueExact();
                    }
                }
                var live = order.packages().stream().filter(p -> p.carrier() != null
                        && !"VOIDED".equals(p.status())).findFirst();
                if (live.isPresent()) {
                    carrier = live.get().carrier();
                }
                var local = order.createdAt().atZone(zone);
                long revenue = order.totals().total().minor();
                Row[] rows = {r.totals, r.byDay.computeIfAbsent(local.toLocalDate().toString(), k -> new Row()),
                        r.byHour.computeIfAbsent(local.toLocalDate() + "T" + String.format("%02d", local.getHour()),
                                k -> new Row()), r.byCarrier.computeIfAbsent(carrier, k -> new Row()),
                        r.byShop.computeIfAbsent(order.shopId(), k -> new Row()),
                        r.byState.computeIfAbsent(order.state().name(), k -> new Row())};
                for (Row row : rows) {
                    row.add(order.unitCount(), revenue, cancelled != null, returned != null, shipped != null, late,
                            labelled != null, cost);
                }
                Map<String, List<LineItem>> bySku = new TreeMap<>();
                order.lines().forEach(l -> bySku.computeIfAbsent(l.sku(), k -> new ArrayList<>()).add(l));
                bySku.forEach((sku, lines) -> r.bySku.computeIfAbsent(sku, k -> new Row()).add(
                        lines.stream().mapToLong(LineItem::quantity).sum(),
                        lines.stream().mapToLong(l -> l.lineTotal().minor()).sum(), cancelled != null,
                        returned != null, shipped != null, late, labelled != null, 0));
                measure(r, "paidToLabelled", order.paidAt(), labelled);
                measure(r, "paidToShipped", order.paidAt(), shipped);
                measure(r, "shippedToDelivered", shipped, delivered);
                long touches = 0;
                for (AuditRecord entry : trail) {
                    String reason = interventionReason(entry);
                    if (reason != null) {
                        r.interventions.merge(reason, 1L, Long::sum);
                        touches++;
                    }
                }
                if (shipped != null && touches == 0) {
                    r.touchless++;
                }
                if (cancelled != null) {
                    String initiator = Json.tree(cancelled.details() == null ? "{}" : cancelled.details())
                            .path("initiator").asText("");
                    String reason = !initiator.isEmpty() && !"null".equals(initiator) ? initiator
                            : cancelled.actor().startsWith("system:tiktok") ? "TIKTOK"
                            : cancelled.actor().startsWith("rule:autoCancelUnpaid") ? "UNPAID"
                            : cancelled.actor().startsWith("user:") ? "SELLER" : "OTHER";
                    r.cancellations.merge(reason, 1L, Long::sum);
                }
                if (returned != null) {
                    r.returns.merge(Json.tree(returned.details()).path("returnType").asText("OTHER"), 1L,
                            Long::sum);
                }
                boolean open = shipped == null && cancelled == null && order.state() != OrderState.RETURNED;
                if (open && order.shipBy() != null && !order.shipBy().truncatedTo(
                        java.time.temporal.ChronoUnit.HOURS).isAfter(riskLimit)) {
                    r.atRisk++;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return r;
    }

    /** A move to NEEDS_ATTENTION by its source, or a person's change (not a note or tags) by its action. */
    private static String interventionReason(AuditRecord entry) {
        if ("TRANSITION".equals(entry.action()) && "NEEDS_ATTENTION".equals(entry.to())) {
            if (entry.details() != null && "HOLD".equals(Json.tree(entry.details()).path("action").asText())) {
                return "HOLD";
            }
            return entry.actor().replaceFirst("^(workflow|system):", "");
        }
        if (entry.actor().startsWith("user:") && !List.of("NOTE", "TAGS").contains(entry.action())) {
            return "person:" + ("TRANSITION".equals(entry.action()) ? entry.to() : entry.action());
        }
        return null;
    }

    private static void measure(Recomputed r, String measure, Instant from, Instant to) {
        if (from != null && to != null) {
            r.histograms.get(measure).add(DurationHistogram.bucket(Math.max(0,
                    Duration.between(from, to).toSeconds())), 1);
        }
    }

    private static Instant first(List<AuditRecord> trail, String... states) {
        List<String> wanted = List.of(states);
        return trail.stream().filter(e -> "TRANSITION".equals(e.action()) && wanted.contains(e.to()))
                .map(AuditRecord::at).findFirst().orElse(null);
    }

    private static AuditRecord last(List<AuditRecord> trail, String state) {
        return trail.stream().filter(e -> "TRANSITION".equals(e.action()) && state.equals(e.to()))
                .reduce((a, b) -> b).orElse(null);
    }

    /** The rows a report grouped this way should have, in the API's shape and order. */
    private static JsonNode expectedRows(Recomputed r, String groupBy) {
        Map<String, Row> rows = switch (groupBy) {
            case "day" -> {
                Map<String, Row> days = new TreeMap<>();
                for (LocalDate d = LocalDate.parse(r.from); !d.isAfter(LocalDate.parse(r.to)); d = d.plusDays(1)) {
                    days.put(d.toString(), r.byDay.getOrDefault(d.toString(), new Row()));
                }
                yield days;
            }
            case "hour" -> r.byHour;
            case "sku" -> r.bySku;
            case "carrier" -> r.byCarrier;
            case "shop" -> r.byShop;
            default -> r.byState;
        };
        List<Map.Entry<String, Row>> ordered = new ArrayList<>(rows.entrySet());
        if (!groupBy.equals("day") && !groupBy.equals("hour")) {
            ordered.sort((a, b) -> a.getValue().orders != b.getValue().orders
                    ? Long.compare(b.getValue().orders, a.getValue().orders) : a.getKey().compareTo(b.getKey()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Row> entry : ordered) {
            Row row = entry.getValue();
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("key", entry.getKey());
            json.put("orders", row.orders);
            json.put("units", row.units);
            json.put("revenue", money(row.revenue));
            json.put("cancelled", row.cancelled);
            json.put("returned", row.returned);
            json.put("shipped", row.shipped);
            json.put("slaBreaches", row.sla);
            json.put("labelled", row.labelled);
            json.put("carrierCost", money(row.cost));
            out.add(json);
        }
        return tree(out);
    }

    /** A value as the API's JSON reads back (numbers as parsed, so 12 equals 12 whatever its Java type). */
    private static JsonNode tree(Object value) {
        return Json.tree(Json.write(value));
    }

    private static Map<String, String> money(long minor) {
        return Map.of("amount", java.math.BigDecimal.valueOf(minor, 2).toPlainString(), "currency", "USD");
    }

    private static Shop creator(String tenant) throws Exception {
        Shop shop = ShopRegistry.fromEnv(env()).save(tiktok.addShop("Analytics shop " + tenant).toShop(tenant));
        ShippingStore shipping = ShippingStore.fromEnv(runtime.functions().get("CreateLabelFunction").env());
        shipping.putRules(tenant, new ShippingRules(RateStrategy.CHEAPEST, List.of(), List.of(), List.of(),
                RateStrategy.CHEAPEST, 5, 0, ShippingSamples.SHIP_FROM,
                new SkuProfile("*", 300, 250, 200, 50, "610910", false)));
        InventoryService inventory = InventoryService.fromEnv(runtime.functions().get("InventoryReserveFunction")
                .env());
        for (String sku : TikTokShopSimulator.sellerSkus()) {
            if (!sku.startsWith("GLOSS-")) {
                inventory.stock().adjust(tenant, sku, InventoryInput.DEFAULT_LOCATION, 1_000_000, "opening stock", "test");
            }
        }
        HttpResponse<String> rules = api(tenant, "PUT", "/v1/rules", "{\"timeZone\":\"" + ZONE
                + "\",\"rules\":[]}");
        assertThat(rules.statusCode()).as(rules.body()).isIn(200, 201);
        return shop;
    }

    private static Order awaitState(String tenant, String orderId, OrderState state) throws Exception {
        Order[] found = new Order[1];
        await("order " + orderId + " is " + state, () -> {
            found[0] = orders().find(tenant, orderId).orElse(null);
            return found[0] != null && found[0].state() == state;
        });
        return found[0];
    }

    private static void await(String what, Eventually.Check check) throws InterruptedException {
        Eventually.await(what, PATIENCE, Duration.ofMillis(500), check);
    }

    private static HttpResponse<String> api(String tenant, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                .header("Authorization", "Bearer " + runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Env env() {
        return runtime.functions().get("TikTokSyncFunction").env();
    }

    private static OrderRepository orders() {
        return OrderRepository.fromEnv(env());
    }
}
