package com.creatorflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.simulators.carriers.CarrierSimulator;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.shipping.RateStrategy;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.SkuProfile;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.ShippingSamples;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shipping.ShipmentService;
import com.creatorflow.shipping.ShippingTask;
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

/** Label download and batch printing, each under the caller's tenant only. */
class LabelApiHandlerIT {
    private static CarrierSimulator simulator;
    private final TestStack stack = TestStack.get();
    private final String tenant = TestStack.tenant();
    private final Env env = stack.env().with(simulator.functionVariables());
    private final OrderRepository orders = OrderRepository.fromEnv(env);
    private final ShippingStore store = ShippingStore.fromEnv(env);
    private final LabelApiHandler handler = new LabelApiHandler(env);

    @BeforeAll
    static void startSimulator() {
        simulator = CarrierSimulator.start();
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
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(fixture);
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

    private static PDDocument pdf(APIGatewayV2HTTPResponse response) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/pdf");
        assertThat(response.getIsBase64Encoded()).isTrue();
        return Loader.loadPDF(Base64.getDecoder().decode(response.getBody()));
    }

    @Test
    void downloadsAnOrdersLabelAndHidesItFromOtherTenants() throws Exception {
        ShippingSamples.setUp(store, tenant);
        Order order = labelled();
        try (PDDocument document = pdf(call("label-api/get-label.json", tenant, Map.of("orderId", order.orderId()),
                null))) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(document)).contains(order.packages().get(0).trackingNumber());
        }
        APIGatewayV2HTTPResponse theirs = call("label-api/get-label.json", TestStack.tenant(),
                Map.of("orderId", order.orderId()), null);
        assertThat(theirs.getStatusCode()).isEqualTo(404);
        assertThat(Json.tree(theirs.getBody()).get("title").asText()).isEqualTo("OrderNotFound");
    }

    @Test
    void printsABatchAsOnePdfAndNamesTheOrderWithoutLabel() throws Exception {
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
            assertThat(text).contains(single.orderId(), split.orderId(), "Package 2 of 2");
        }

        Order unlabelled = ShippingSamples.reservedOrder(orders, tenant);
        APIGatewayV2HTTPResponse refused = call("label-api/batch-labels.json", tenant, null,
                Json.write(Map.of("orderIds", List.of(single.orderId(), unlabelled.orderId()))));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(refused.getBody()).at("/errors/0/field").asText()).isEqualTo("orderIds[1]");
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
