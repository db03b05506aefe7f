package com.creatorflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.shipping.ShipmentService;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.ShippingTask;
import com.creatorflow.shared.shipping.domain.LabelNotFound;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Label download (a redirect to a pre-signed URL of the local S3, the links as JSON, or a multi-package order's
 * labels merged) and batch printing, each under the caller's tenant only.
 */
class LabelApiHandlerIT {
    private static EasyPostSimulator simulator;
    private final TestStack stack = TestStack.get();
    private final String tenant = TestStack.tenant();
    private final Env env = stack.env().with(simulator.functionVariables());
    private final OrderRepository orders = OrderRepository.fromEnv(env);
    private final ShippingStore store = ShippingStore.fromEnv(env);
    private final LabelApiHandler handler = new LabelApiHandler(env);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startSimulator() {
        simulator = EasyPostSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    private Order labelled() {
        Order order = ShippingSamples.reservedOrder(orders, tenant);
        ShipmentService.fromEnv(env).createLabels(new ShippingTask(tenant, order.orderId(), null, null));
        return orders.get(tenant, order.orderId());
    }

    private APIGatewayV2HTTPResponse call(String fixture, String caller, Map<String, String> path, String body) {
        return call(handler, fixture, caller, path, body, null);
    }

    private static APIGatewayV2HTTPResponse call(LabelApiHandler handler, String fixture, String caller,
                                                 Map<String, String> path, String body, String accept) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(fixture);
        if (accept != null) {
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.put("accept", accept);
            event.setHeaders(headers);
        }
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", caller);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        if (path != null) {
            event.setPathParameters(path);
        }
        if (body != null) {
            event.setBody(body);
        }
        return handler.handleRequest(event, LocalLambdaContext.forTest("LabelApi"));
    }

    private static HttpResponse<byte[]> fetch(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static PDDocument pdf(APIGatewayV2HTTPResponse response) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/pdf");
        assertThat(response.getIsBase64Encoded()).isTrue();
        return Loader.loadPDF(Base64.getDecoder().decode(response.getBody()));
    }

    @Test
    void redirectsToAShortLivedLinkOfTheLabelAndHidesItFromOtherTenants() throws Exception {
        ShippingSamples.setUp(store, tenant);
        Order order = labelled();
        String tracking = order.packages().get(0).trackingNumber();
        APIGatewayV2HTTPResponse redirect = call("label-api/get-label.json", tenant,
                Map.of("orderId", order.orderId()), null);
        assertThat(redirect.getStatusCode()).isEqualTo(302);
        assertThat(redirect.getHeaders()).containsEntry("Cache-Control", "no-store");
        URI url = URI.create(redirect.getHeaders().get("Location"));
        assertThat(url.toString()).startsWith(stack.s3().endpoint() + "/labelsbucket/labels/" + tenant + "/")
                .contains("X-Amz-Expires=300");
        HttpResponse<byte[]> download = fetch(url);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (PDDocument document = Loader.loadPDF(download.body())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(document)).contains(tracking);
        }

        APIGatewayV2HTTPResponse theirs = call("label-api/get-label.json", TestStack.tenant(),
                Map.of("orderId", order.orderId()), null);
        assertThat(theirs.getStatusCode()).isEqualTo(404);
        assertThat(Json.tree(theirs.getBody()).get("title").asText()).isEqualTo("OrderNotFound");
    }

    @Test
    void answersTheLinksAsJsonAndTheyStopWorkingWhenTheyExpire() throws Exception {
        ShippingSamples.setUp(store, tenant);
        Order order = labelled();
        LabelApiHandler shortLinks = new LabelApiHandler(env.with(Map.of("LABEL_LINK_TTL_SECONDS", "2")));
        APIGatewayV2HTTPResponse answer = call(shortLinks, "label-api/get-label.json", tenant,
                Map.of("orderId", order.orderId()), null, "application/json");
        assertThat(answer.getStatusCode()).isEqualTo(200);
        JsonNode links = Json.tree(answer.getBody());
        assertThat(links.get("orderId").asText()).isEqualTo(order.orderId());
        assertThat(Instant.parse(links.get("expiresAt").asText())).isBetween(Instant.now(),
                Instant.now().plusSeconds(3));
        assertThat(links.at("/labels/0/packageId").asText()).isEqualTo(order.packages().get(0).packageId());
        URI url = URI.create(links.at("/labels/0/url").asText());
        assertThat(fetch(url).statusCode()).isEqualTo(200);

        Thread.sleep(Duration.ofSeconds(3));
        assertThat(fetch(url).statusCode()).as("an expired link").isEqualTo(403);
    }

    @Test
    void mergesTheLabelsOfAMultiPackageOrderIntoOnePdf() throws Exception {
        ShippingSamples.setUp(store, tenant);
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("dhl-ecommerce"), List.of()));
        store.putProfile(tenant, new SkuProfile("TEE-BLK-M", 7_000, 400, 300, 200, null, false));
        Order split = labelled();
        assertThat(split.packages()).hasSize(2);
        try (PDDocument document = pdf(call("label-api/get-label.json", tenant, Map.of("orderId", split.orderId()),
                null))) {
            assertThat(document.getNumberOfPages()).isEqualTo(2);
            assertThat(new PDFTextStripper().getText(document)).as("EasyPost's label of each package")
                    .contains("SIMULATED LABEL - EasyPost", split.packages().get(0).trackingNumber(),
                            split.packages().get(1).trackingNumber());
        }
    }

    @Test
    void printsABatchAsOnePdfAndSkipsTheOrderWithoutLabelNamingWhy() throws Exception {
        ShippingSamples.setUp(store, tenant);
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("dhl-ecommerce"), List.of()));
        Order single = labelled();
        store.putProfile(tenant, new SkuProfile("TEE-BLK-M", 7_000, 400, 300, 200, null, false));
        Order split = labelled();
        assertThat(split.packages()).hasSize(2);

        String body = Json.write(Map.of("orderIds", List.of(single.orderId(), split.orderId())));
        try (PDDocument document = pdf(call("label-api/batch-labels.json", tenant, null, body))) {
            assertThat(document.getNumberOfPages()).isEqualTo(3);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(single.orderId(), split.orderId(), split.packages().get(1).trackingNumber());
        }

        Order unlabelled = ShippingSamples.reservedOrder(orders, tenant);
        APIGatewayV2HTTPResponse partly = call("label-api/batch-labels.json", tenant, null,
                Json.write(Map.of("orderIds", List.of(single.orderId(), unlabelled.orderId()))));
        try (PDDocument document = pdf(partly)) {
            assertThat(document.getNumberOfPages()).as("the labelled order is printed").isEqualTo(1);
        }
        JsonNode skipped = Json.tree(partly.getHeaders().get("X-Skipped-Orders"));
        assertThat(skipped.get(0).get("orderId").asText()).isEqualTo(unlabelled.orderId());
        assertThat(skipped.get(0).get("reason").asText()).contains("no live label");
        APIGatewayV2HTTPResponse none = call("label-api/batch-labels.json", tenant, null,
                Json.write(Map.of("orderIds", List.of(unlabelled.orderId()))));
        assertThat(none.getStatusCode()).isEqualTo(422);
        assertThat(Json.tree(none.getBody()).get("detail").asText()).contains(unlabelled.orderId());
        APIGatewayV2HTTPResponse empty = call("label-api/batch-labels.json", tenant, null, "{\"orderIds\":[]}");
        assertThat(empty.getStatusCode()).isEqualTo(400);
    }

    @Test
    void aVoidedLabelIsNoLongerServed() {
        ShippingSamples.setUp(store, tenant);
        Order order = labelled();
        orders.transition(order, OrderState.CANCELLED, "tiktok", "buyer cancelled");
        ShipmentService.fromEnv(env).voidLabels(new ShippingTask(tenant, order.orderId(), null, null));
        APIGatewayV2HTTPResponse gone = call("label-api/get-label.json", tenant, Map.of("orderId", order.orderId()),
                null);
        assertThat(gone.getStatusCode()).isEqualTo(404);
        assertThat(Json.tree(gone.getBody()).get("title").asText()).isEqualTo("LabelNotFound");
    }
}
