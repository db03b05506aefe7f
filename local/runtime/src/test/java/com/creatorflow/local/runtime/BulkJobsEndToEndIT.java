package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.team.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk jobs through the local front door, the bulk-jobs queue and its worker: progress counted while a job of a few
 * hundred orders runs, priority orders first, the same client token answering the same job, a job cancelled while
 * it runs, selection by filter, per-order results as CSV, and label printing into one PDF with the skipped orders.
 */
class BulkJobsEndToEndIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static LocalRuntime runtime;
    private static OrderRepository orders;
    private static Env env;
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
    private static final String TENANT = "bulk-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeOrders.apiRuntime();
        env = runtime.functions().get("CreateLabelFunction").env();
        orders = OrderRepository.fromEnv(env);
        TOKENS.putAll(ApiClient.team(runtime, TENANT, "bj-"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, Role role) throws Exception {
        return ApiClient.send(runtime, method, path, body, TOKENS.get(role), null);
    }

    /** READY orders tagged {@code tag}; every tenth has priority 5. */
    private static List<String> readyOrders(int count, String tag) {
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Order sample = Orders.sample(TENANT).toBuilder().tags(Set.of(tag)).priority(i % 10 == 9 ? 5 : 0).build();
            Order created = orders.create(sample, "system:test", "imported");
            return orders.transition(created, OrderState.READY, "workflow:test", "validated").orderId();
        }).toList();
    }

    private static JsonNode start(String body) throws Exception {
        HttpResponse<String> started = send("POST", "/v1/bulk-actions", body, Role.MANAGER);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.tree(started.body());
    }

    private static JsonNode status(String jobId) throws Exception {
        HttpResponse<String> answer = send("GET", "/v1/bulk-actions/" + jobId, null, Role.VIEWER);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.tree(answer.body());
    }

    /** Polls until the job ends; answers every status seen. */
    private static List<JsonNode> untilFinished(String jobId) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = status(jobId);
            seen.add(job);
            if (Set.of("COMPLETED", "CANCELLED", "FAILED").contains(job.get("status").asText())) {
                return seen;
            }
            Thread.sleep(40);
        }
        throw new AssertionError("job " + jobId + " did not end: " + seen.get(seen.size() - 1));
    }

    private static List<CSVRecord> csv(String jobId) throws Exception {
        HttpResponse<String> answer = send("GET", "/v1/bulk-actions/" + jobId + "/results", null, Role.VIEWER);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(answer.body())).getRecords();
    }

    @Test
    void aHoldJobOverThreeHundredOrdersShowsProgressWhileItRunsPriorityFirstAndOneTokenIsOneJob() throws Exception {
        List<String> ids = readyOrders(300, "hold-batch");
        String body = Json.write(Map.of("action", "HOLD", "orderIds", ids, "reason", "stock count",
                "clientToken", "hold-" + TENANT));
        JsonNode job = start(body);
        String jobId = job.get("jobId").asText();
        assertThat(start(body).get("jobId").asText()).as("the same client token answers the same job")
                .isEqualTo(jobId);

        List<JsonNode> seen = untilFinished(jobId);
        assertThat(seen).as("counts move while the job runs, not only at the end").anySatisfy(s -> {
            assertThat(s.get("status").asText()).isEqualTo("RUNNING");
            assertThat(s.get("processed").asLong()).isBetween(1L, 299L);
        });
        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("total").asLong()).isEqualTo(300);
        assertThat(done.get("done").asLong()).isEqualTo(300);
        assertThat(ids).allSatisfy(id -> assertThat(orders.get(TENANT, id).onHold()).isTrue());
        assertThat(start(body).get("status").asText()).as("and starts nothing new").isEqualTo("COMPLETED");

        List<CSVRecord> rows = csv(jobId);
        assertThat(rows).hasSize(300);
        assertThat(rows.stream().map(r -> r.get("orderId")).toList()).containsExactlyInAnyOrderElementsOf(ids);
        Set<String> priority = new HashSet<>();
        for (int i = 9; i < 300; i += 10) {
            priority.add(ids.get(i));
        }
        assertThat(rows.subList(0, 30)).as("the priority orders were planned first")
                .allSatisfy(r -> assertThat(priority).contains(r.get("orderId")));

        JsonNode again = start(Json.write(Map.of("action", "HOLD", "orderIds", ids.subList(0, 3))));
        List<JsonNode> refused = untilFinished(again.get("jobId").asText());
        assertThat(refused.get(refused.size() - 1).get("refused").asLong()).isEqualTo(3);
        assertThat(csv(again.get("jobId").asText())).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("REFUSED");
            assertThat(r.get("reason")).contains("already on hold");
        });
    }

    @Test
    void aRunningJobCancelledSkipsTheOrdersItHasNotReached() throws Exception {
        List<String> ids = readyOrders(400, "cancel-batch");
        String jobId = start(Json.write(Map.of("action", "TAG", "orderIds", ids, "tags", List.of("checked"))))
                .get("jobId").asText();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (status(jobId).get("processed").asLong() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        HttpResponse<String> cancelled = send("POST", "/v1/bulk-actions/" + jobId + "/cancel", null, Role.MANAGER);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        List<JsonNode> seen = untilFinished(jobId);
        JsonNode end = seen.get(seen.size() - 1);
        assertThat(end.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(end.get("processed").asLong()).isEqualTo(400);
        assertThat(end.get("skipped").asLong()).as(end.toString()).isPositive();
        long tagged = ids.stream().filter(id -> orders.get(TENANT, id).tags().contains("checked")).count();
        assertThat(tagged).isEqualTo(end.get("done").asLong()).isLessThan(400);
        assertThat(csv(jobId)).filteredOn(r -> r.get("outcome").equals("SKIPPED")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("reason")).contains("cancelled"));
        assertThat(send("POST", "/v1/bulk-actions/" + jobId + "/cancel", null, Role.PACKER).statusCode())
                .as("a packer may not cancel jobs").isEqualTo(403);
    }

    @Test
    void aJobSelectsItsOrdersByTheListFiltersAndRefusesAnUnknownFilter() throws Exception {
        String tag = "filter-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = readyOrders(25, tag);
        JsonNode job = start(Json.write(Map.of("action", "TAG", "filter", Map.of("tag", tag, "state", "READY"),
                "tags", List.of("filtered"))));
        List<JsonNode> seen = untilFinished(job.get("jobId").asText());
        assertThat(seen.get(seen.size() - 1).get("done").asLong()).isEqualTo(25);
        assertThat(ids).allSatisfy(id -> assertThat(orders.get(TENANT, id).tags()).contains("filtered"));

        HttpResponse<String> bad = send("POST", "/v1/bulk-actions", "{\"action\": \"TAG\", \"tags\": [\"x\"], "
                + "\"filter\": {\"state\": \"FLYING\"}}", Role.MANAGER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/errors/0/field").asText()).isEqualTo("filter.state");
        HttpResponse<String> other = send("GET", "/v1/bulk-actions/" + job.get("jobId").asText(), null, null);
        assertThat(other.statusCode()).isEqualTo(401);
    }

    @Test
    void anotherTenantsJobIsNotFound() throws Exception {
        String jobId = start(Json.write(Map.of("action", "TAG", "orderIds", List.of("1"), "tags", List.of("x"))))
                .get("jobId").asText();
        String stranger = ApiClient.signIn(runtime, "bulk-other-" + UUID.randomUUID(), "stranger", Role.OWNER);
        assertThat(ApiClient.send(runtime, "GET", "/v1/team", null, stranger, null).statusCode()).isEqualTo(200);
        assertThat(ApiClient.send(runtime, "GET", "/v1/bulk-actions/" + jobId, null, stranger, null).statusCode())
                .isEqualTo(404);
        assertThat(ApiClient.send(runtime, "GET", "/v1/bulk-actions/" + jobId + "/results", null, stranger, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aPrintJobMergesTheLabelsOfOrdersThatHaveThemAndSkipsTheOthersWithTheReason() throws Exception {
        ShippingStore shipping = ShippingStore.fromEnv(env);
        List<String> labelled = List.of(RuntimeOrders.labelled(runtime, orders, shipping, TENANT).orderId(),
                RuntimeOrders.labelled(runtime, orders, shipping, TENANT).orderId());
        String unlabelled = readyOrders(1, "print").get(0);
        List<String> ids = List.of(labelled.get(0), unlabelled, labelled.get(1));
        String jobId = start(Json.write(Map.of("action", "PRINT_LABELS", "orderIds", ids))).get("jobId").asText();
        List<JsonNode> seen = untilFinished(jobId);
        JsonNode end = seen.get(seen.size() - 1);
        assertThat(end.get("done").asLong()).isEqualTo(2);
        assertThat(end.get("skipped").asLong()).isEqualTo(1);
        assertThat(end.get("labels").asBoolean()).isTrue();
        assertThat(csv(jobId)).filteredOn(r -> r.get("orderId").equals(unlabelled)).singleElement()
                .satisfies(r -> assertThat(r.get("reason")).contains("no live label"));

        HttpResponse<String> link = send("GET", "/v1/bulk-actions/" + jobId + "/labels", null, Role.PACKER);
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Json.tree(link.body()).get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).as("one page per labelled order").isEqualTo(2);
        }
    }
}
