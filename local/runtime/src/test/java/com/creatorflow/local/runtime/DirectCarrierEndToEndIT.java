package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.carriers.DirectCarrierSimulator;
import com.creatorflow.local.stack.FreePorts;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.store.OrderRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fulfilment through UPS's own API on the local runtime: the deployment switches UPS to its direct adapter by
 * configuration only ({@code CARRIER_UPS_PROTOCOL=ups-rest}, {@code CARRIER_UPS_URL}, the account in
 * {@code CARRIER_CREDENTIALS}, {@code CARRIER_UPS_WEBHOOK_URL}), the template's shipping functions buy the label from
 * the UPS simulator and store UPS's own label, and UPS Track Alert webhooks through the front door move the order to
 * IN_TRANSIT and DELIVERED.
 */
class DirectCarrierEndToEndIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DirectCarrierSimulator ups;
    private static LocalRuntime runtime;
    private static OrderRepository orders;
    private static ShippingStore store;
    private static S3LabelStore labels;

    @BeforeAll
    static void start() {
        ups = DirectCarrierSimulator.start();
        int port = FreePorts.pick();
        Map<String, String> variables = new HashMap<>(ups.functionVariables(Carrier.UPS,
                URI.create("http://127.0.0.1:" + port)));
        variables.put("CARRIER_CREDENTIALS", Json.write(Map.of("ups", ups.account(Carrier.UPS))));
        runtime = LocalRuntime.start(new RuntimeOptions(port, 0, 0, null, true), variables);
        Env env = runtime.functions().get("CreateLabelFunction").env();
        orders = OrderRepository.fromEnv(env);
        store = ShippingStore.fromEnv(env);
        labels = S3LabelStore.fromEnv(env);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        ups.close();
    }

    @Test
    void anOrderShipsWithUpsOwnLabelAndTrackAlertDeliversIt() throws Exception {
        String tenant = "tenant-ups-" + System.nanoTime();
        Order labelled = RuntimeOrders.labelled(runtime, orders, store, tenant, List.of("ups"));
        var pkg = labelled.packages().get(0);
        assertThat(pkg.carrier()).isEqualTo("ups");
        assertThat(Carrier.UPS.isValidTrackingNumber(pkg.trackingNumber())).isTrue();
        assertThat(ups.labelPurchases()).as("the shipment reference carries tenant and order")
                .hasEntrySatisfying(ups.labelPurchases().keySet().stream().filter(r -> r.startsWith(tenant))
                        .findFirst().orElseThrow(), p -> assertThat(p.labels()).isEqualTo(1));
        assertThat(ups.subscribed(pkg.trackingNumber())).as("Track Alert subscription").isTrue();
        byte[] pdf = labels.get(tenant, pkg.labelId()).orElseThrow();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(288f);
            assertThat(page.getMediaBox().getHeight()).isEqualTo(432f);
            assertThat(page.getResources().getXObjectNames()).as("UPS's label image").hasSize(1);
            assertThat(new PDFTextStripper().getText(document)).as("not a label we rendered").isBlank();
        }

        orders.transition(labelled, OrderState.SHIPPED, "workflow:test", "tracking pushed to TikTok");
        assertThat(ups.advance(pkg.trackingNumber())).hasValueSatisfying(d ->
                assertThat(d.webhookStatus()).isEqualTo(200));
        assertThat(orders.get(tenant, labelled.orderId()).state()).isEqualTo(OrderState.IN_TRANSIT);
        assertThat(ups.advanceToEnd(pkg.trackingNumber())).allSatisfy(d ->
                assertThat(d.webhookStatus()).isEqualTo(200));
        assertThat(orders.get(tenant, labelled.orderId()).state()).isEqualTo(OrderState.DELIVERED);
    }

    @Test
    void aTrackAlertDeliveryWithoutTheCredentialIsRefused() throws Exception {
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl()
                        .resolve("/webhooks/carriers/ups")).header("Content-Type", "application/json")
                .header("credential", "guessed")
                .POST(HttpRequest.BodyPublishers.ofString("{\"trackingNumber\":\"1ZCF8A120300000018\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
    }
}
