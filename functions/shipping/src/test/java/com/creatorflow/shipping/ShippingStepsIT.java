package com.creatorflow.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.shipping.ShipmentService;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingSettings;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.ShippingTask;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAllowance;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.LabelResult;
import com.creatorflow.shared.shipping.domain.PackagingPreset;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.ShipFromAddress;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The shipping steps as Lambda handlers against Dynoxide and the carrier simulator. */
class ShippingStepsIT {
    private static EasyPostSimulator simulator;
    private final TestStack stack = TestStack.get();
    private final String tenant = TestStack.tenant();
    private final Env env = stack.env().with(simulator.functionVariables())
            .with(Map.of("CARRIER_RETRY_WAIT_MS", "10", "CARRIER_TIMEOUT_MS", "2000"));
    private final OrderRepository orders = OrderRepository.fromEnv(env);
    private final ShippingStore store = ShippingStore.fromEnv(env);

    @BeforeAll
    static void startSimulator() {
        simulator = EasyPostSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    private static ObjectNode event(String fixture, Order order) throws IOException {
        try (InputStream in = ShippingStepsIT.class.getClassLoader().getResourceAsStream(fixture)) {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(in);
            node.put("tenantId", order.tenantId());
            node.put("orderId", order.orderId());
            return node;
        }
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(input)), out, LocalLambdaContext.forTest("Step"));
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private Map<String, AttributeValue> labelItem(String labelId) {
        return env.aws().dynamo().getItem(r -> r.tableName(env.require("SHIPPING_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("TENANT#" + tenant),
                        "sk", AttributeValue.fromS("LABEL#" + labelId)))).item();
    }

    private Order reserved() {
        ShippingSamples.setUp(store, tenant);
        return ShippingSamples.reservedOrder(orders, tenant);
    }

    @Test
    void choosesTheCheapestCarrierThenLabelsTheOrderWithAStoredPdf() throws Exception {
        Order order = reserved();
        JsonNode choice = invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json", order));
        assertThat(choice.get("strategy").asText()).isEqualTo("CHEAPEST");
        assertThat(choice.at("/candidates/0/carrier").asText()).isEqualTo("DHL_ECOMMERCE");
        assertThat(choice.at("/candidates/0/amount/minor").asLong()).isEqualTo(680);
        assertThat(choice.get("candidates").size()).isGreaterThan(3);
        assertThat(Json.convert(choice, CarrierChoice.class).chosen().parcels()).hasSize(1);

        ObjectNode create = event("choose-carrier/reserved-order.json", order);
        create.set("choice", choice);
        JsonNode result = invoke(new CreateLabelHandler(env), create);
        assertThat(result.get("orderState").asText()).isEqualTo("LABELED");
        assertThat(result.get("packages")).hasSize(1);
        String tracking = result.at("/packages/0/trackingNumber").asText();
        assertThat(Carrier.DHL_ECOMMERCE.isValidTrackingNumber(tracking)).isTrue();

        Order labelled = orders.get(tenant, order.orderId());
        assertThat(labelled.state()).isEqualTo(OrderState.LABELED);
        ShipmentPackage pkg = labelled.packages().get(0);
        assertThat(pkg.carrier()).isEqualTo("dhl-ecommerce");
        assertThat(pkg.service()).as("ties on price go to the faster service").isEqualTo("PARCEL_EXPEDITED");
        assertThat(pkg.tiktokLineIds()).containsExactlyInAnyOrder("5770001", "5770002", "5770003");
        assertThat(store.tracking(Carrier.DHL_ECOMMERCE, tracking)).hasValueSatisfying(t ->
                assertThat(t.orderId()).isEqualTo(order.orderId()));
        Map<String, AttributeValue> item = labelItem(pkg.labelId());
        String key = S3LabelStore.objectKey(tenant, order.orderId(), pkg.labelId());
        assertThat(item).as("the Shipping table keeps the key, not the document").containsKey("objectKey")
                .doesNotContainKey("pdf");
        assertThat(item.get("objectKey").s()).isEqualTo(key).startsWith("labels/" + tenant + "/");
        byte[] pdf = env.aws().s3().getObjectAsBytes(r -> r.bucket(env.require("LABELS_BUCKET")).key(key))
                .asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).as("EasyPost's own postage label")
                    .contains("SIMULATED LABEL - EasyPost", "TRACKING #: " + tracking, "Jamie Rivera", order.orderId());
        }
        assertThat(orders.history(tenant, order.orderId()).get(3).details()).contains("cheapest");

        JsonNode again = invoke(new CreateLabelHandler(env), create);
        assertThat(again.get("alreadyLabelled").asBoolean()).isTrue();
        assertThat(again.at("/packages/0/trackingNumber").asText()).isEqualTo(tracking);
        assertThat(orders.get(tenant, order.orderId()).version()).isEqualTo(labelled.version());
    }

    @Test
    void savedSettingsDecideCarriersServicesShipFromAndBox() throws Exception {
        Order order = reserved();
        ShippingSettings draft = new ShippingSettings(tenant, 0, List.of(
                new ShipFromAddress("home", false, ShippingSamples.SHIP_FROM),
                new ShipFromAddress("studio", true, new Address("Glow Studio East", null, "1 Main St", null, "Austin",
                        "TX", "78701", "US"))),
                List.of(new CarrierAllowance("usps", List.of("PRIORITY_MAIL")), new CarrierAllowance("ups", List.of())),
                RateStrategy.CHEAPEST, RateStrategy.CHEAPEST, List.of(), List.of(), 30, 0,
                List.of(new PackagingPreset("tee-box", 400, 350, 200, 150, 0)), ShippingSettings.PDF_4X6, 0, 3600,
                null, null, null, null);
        store.settings().save(draft, 0L, "user:test", Instant.now());

        JsonNode choice = invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json", order));
        CarrierChoice parsed = Json.convert(choice, CarrierChoice.class);
        assertThat(parsed.candidates()).extracting(c -> c.carrier().code()).containsOnly("usps", "ups");
        assertThat(parsed.candidates()).filteredOn(c -> c.carrier() == Carrier.USPS)
                .extracting(c -> c.service()).containsOnly("PRIORITY_MAIL");
        assertThat(parsed.chosen().parcels().get(0).lengthMm()).as("the tee box, not a box made to measure")
                .isEqualTo(400);
        assertThat(parsed.chosen().parcels().get(0).weightGrams()).isEqualTo(2 * 250 + 10 + 150);

        ObjectNode create = event("choose-carrier/reserved-order.json", order);
        create.set("choice", choice);
        JsonNode result = invoke(new CreateLabelHandler(env), create);
        String labelId = result.at("/packages/0/labelId").asText();
        byte[] pdf = env.aws().s3().getObjectAsBytes(r -> r.bucket(env.require("LABELS_BUCKET"))
                .key(S3LabelStore.objectKey(tenant, order.orderId(), labelId))).asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).as("the default ship-from is on EasyPost's label")
                    .contains("Glow Studio East").doesNotContain("800 Traction Ave");
        }
    }

    @Test
    void handlingDaysMoveThePromisedDateEarlier() throws Exception {
        Order order = reserved();
        ShippingSettings draft = new ShippingSettings(tenant, 0, List.of(new ShipFromAddress("home", true,
                ShippingSamples.SHIP_FROM)), List.of(new CarrierAllowance("usps", List.of())),
                RateStrategy.FASTEST_WITHIN_PROMISE, RateStrategy.CHEAPEST, List.of(), List.of(), 5, 0, List.of(),
                ShippingSettings.PDF_4X6, 2, 3600, null, null, null, null);
        store.settings().save(draft, 0L, "user:test", Instant.now());
        JsonNode choice = invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json", order));
        assertThat(choice.get("reason").asText()).as("paid 2026-11-25, 5 days promised, 2 days of handling")
                .contains("by 2026-11-28");
    }

    @Test
    void settingsWithoutACarrierStopTheOrderNamingCarriers() {
        Order order = reserved();
        ShippingSettings draft = new ShippingSettings(tenant, 0, List.of(new ShipFromAddress("home", true,
                ShippingSamples.SHIP_FROM)), List.of(), null, null, null, null, 0, 0, null, null, 0, 3600, null,
                null, null, null);
        store.settings().save(draft, 0L, "user:test", Instant.now());
        assertThatThrownBy(() -> invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json",
                order))).isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.field()).isEqualTo("carriers"));
    }

    @Test
    void anOutageOfTheChosenCarrierFailsOverToTheNextAllowedOne() throws Exception {
        Order order = reserved();
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("dhl-ecommerce", "usps", "ups"),
                List.of("ups", "usps")));
        JsonNode choice = invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json", order));
        assertThat(choice.at("/candidates/0/carrier").asText()).isEqualTo("DHL_ECOMMERCE");
        assertThat(choice.at("/candidates/1/carrier").asText()).isEqualTo("UPS");

        simulator.faults(Carrier.DHL_ECOMMERCE).outage(true);
        try {
            ObjectNode create = event("choose-carrier/reserved-order.json", order);
            create.set("choice", choice);
            JsonNode result = invoke(new CreateLabelHandler(env), create);
            assertThat(result.at("/packages/0/carrier").asText()).isEqualTo("ups");
            assertThat(result.at("/skippedCarriers/dhl-ecommerce").asText()).contains("unavailable");
            assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.LABELED);
        } finally {
            simulator.faults(Carrier.DHL_ECOMMERCE).outage(false);
        }
    }

    @Test
    void whenEveryAllowedCarrierIsDownTheStepFailsWithCarrierUnavailable() {
        Order order = reserved();
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("ontrac", "amazon-shipping"),
                List.of()));
        simulator.faults(Carrier.ONTRAC).outage(true);
        simulator.faults(Carrier.AMAZON_SHIPPING).outage(true);
        try {
            ShipmentService service = ShipmentService.fromEnv(env);
            assertThatThrownBy(() -> service.createLabels(new ShippingTask(tenant, order.orderId(), null, null)))
                    .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("no carrier could quote");
            assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.RESERVED);
        } finally {
            simulator.faults(Carrier.ONTRAC).outage(false);
            simulator.faults(Carrier.AMAZON_SHIPPING).outage(false);
        }
    }

    @Test
    void aRunRepeatedAfterACrashFindsALabelledOrShippedOrderNothingToShopAndKeepsItsLabels() throws Exception {
        Order order = reserved();
        ObjectNode step = event("choose-carrier/reserved-order.json", order);
        String tracking = invoke(new CreateLabelHandler(env), step).at("/packages/0/trackingNumber").asText();

        JsonNode choice = invoke(new ChooseCarrierHandler(env), step);
        assertThat(choice.get("candidates")).as("a labelled order is not rate shopped again").isEmpty();
        step.set("choice", choice);
        JsonNode label = invoke(new CreateLabelHandler(env), step);
        assertThat(label.get("alreadyLabelled").asBoolean()).isTrue();
        assertThat(label.at("/packages/0/trackingNumber").asText()).isEqualTo(tracking);

        Order labelled = orders.get(tenant, order.orderId());
        Order partly = orders.transition(labelled, OrderState.PARTIALLY_SHIPPED, "test", "one package pushed");
        assertThat(invoke(new ChooseCarrierHandler(env), step).get("candidates"))
                .as("nor is one shipped in part").isEmpty();
        orders.transition(partly, OrderState.SHIPPED, "test", "pushed to TikTok");
        assertThat(invoke(new ChooseCarrierHandler(env), step).get("candidates"))
                .as("nor is a shipped one, which would otherwise fail the repeated run").isEmpty();
        assertThat(invoke(new CreateLabelHandler(env), step).at("/packages/0/trackingNumber").asText())
                .isEqualTo(tracking);
    }

    @Test
    void heavyUnitsSplitIntoSeveralPackagesAndPartialShipmentsLabelASubset() throws Exception {
        Order order = reserved();
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("dhl-ecommerce"), List.of()));
        store.putProfile(tenant, new SkuProfile("TEE-BLK-M", 7_000, 400, 300, 200, null, false));

        JsonNode partial = invoke(new CreateLabelHandler(env), event("create-label/partial-shipment.json", order));
        assertThat(partial.get("packages")).hasSize(1);
        assertThat(partial.at("/packages/0/tiktokLineIds/0").asText()).isEqualTo("5770003");
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.LABELED);

        JsonNode rest = invoke(new CreateLabelHandler(env), event("choose-carrier/reserved-order.json", order));
        assertThat(rest.get("alreadyLabelled").asBoolean()).isFalse();
        assertThat(rest.get("packages")).hasSize(2);
        Order labelled = orders.get(tenant, order.orderId());
        assertThat(labelled.state()).isEqualTo(OrderState.LABELED);
        assertThat(labelled.packages()).extracting(ShipmentPackage::packageId)
                .containsExactly(order.orderId() + "-1", order.orderId() + "-2", order.orderId() + "-3");
        assertThat(labelled.packages()).flatExtracting(ShipmentPackage::tiktokLineIds)
                .containsExactlyInAnyOrder("5770001", "5770002", "5770003");
    }

    @Test
    void fixedRulesAndTheFastestStrategyChooseByTheCreatorsRules() throws Exception {
        Order order = reserved();
        store.putRules(tenant, new ShippingRules(RateStrategy.FIXED, List.of(), List.of(),
                List.of(new FixedCarrierRule(null, "US", "CA", "fedex", "TWO_DAY")), RateStrategy.CHEAPEST, 30, 0,
                ShippingSamples.SHIP_FROM, null));
        JsonNode fixed = invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json", order));
        assertThat(fixed.at("/candidates/0/carrier").asText()).isEqualTo("FEDEX");
        assertThat(fixed.at("/candidates/0/service").asText()).isEqualTo("TWO_DAY");

        store.putRules(tenant, ShippingSamples.rules(RateStrategy.FASTEST_WITHIN_PROMISE, List.of("usps", "ups"),
                List.of()));
        JsonNode fastest = invoke(new ChooseCarrierHandler(env), event("choose-carrier/reserved-order.json", order));
        assertThat(fastest.at("/candidates/0/transitDays").asInt()).isEqualTo(1);
        assertThat(fastest.at("/candidates/0/carrier").asText()).isEqualTo("UPS");
    }

    @Test
    void aBadAddressOrAMissingProfileIsAValidationFailure() {
        ShippingSamples.setUp(store, tenant);
        Order order = ShippingSamples.reservedOrder(orders, tenant, a -> new Address(a.name(), a.phone(), a.line1(),
                a.line2(), a.city(), a.region(), EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE, a.country()));
        ShipmentService service = ShipmentService.fromEnv(env);
        assertThatThrownBy(() -> service.choose(new ShippingTask(tenant, order.orderId(), null, null)))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.field()).isEqualTo("shipTo.postalCode"));

        String other = TestStack.tenant();
        store.putRules(other, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of(), List.of()));
        Order noProfiles = ShippingSamples.reservedOrder(orders, other);
        assertThatThrownBy(() -> service.choose(new ShippingTask(other, noProfiles.orderId(), null, null)))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.field()).isEqualTo("sku"));
    }

    @Test
    void voidsTheLabelsOfAnOrderCancelledAfterLabelling() throws Exception {
        Order order = reserved();
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("usps"), List.of()));
        JsonNode labelled = invoke(new CreateLabelHandler(env), event("choose-carrier/reserved-order.json", order));
        String tracking = labelled.at("/packages/0/trackingNumber").asText();
        orders.transition(orders.get(tenant, order.orderId()), OrderState.CANCELLED, "tiktok", "buyer cancelled");

        JsonNode voided = invoke(new VoidLabelHandler(env), event("void-label/cancelled-order.json", order));
        assertThat(voided.get("voided")).extracting(JsonNode::asText).containsExactly(tracking);
        assertThat(simulator.parcel(tracking)).hasValueSatisfying(p -> assertThat(p.voided()).isTrue());
        ShipmentPackage pkg = orders.get(tenant, order.orderId()).packages().get(0);
        assertThat(pkg.status()).isEqualTo("VOIDED");
        assertThat(S3LabelStore.fromEnv(env).get(tenant, pkg.labelId())).as("the document is deleted").isEmpty();
        assertThat(env.aws().s3().listObjectsV2(r -> r.bucket(env.require("LABELS_BUCKET"))
                .prefix("labels/" + tenant + "/")).contents()).isEmpty();
        assertThat(labelItem(pkg.labelId())).as("its record stays").containsKeys("objectKey", "voidedAt");

        JsonNode again = invoke(new VoidLabelHandler(env), event("void-label/cancelled-order.json", order));
        assertThat((ArrayNode) again.get("voided")).isEmpty();
        assertThat(again.get("alreadyVoided")).extracting(JsonNode::asText).containsExactly(tracking);
    }

    @Test
    void aLabelAlreadyInTheCarriersNetworkCannotBeVoided() {
        Order order = reserved();
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of("ups"), List.of()));
        ShipmentService service = ShipmentService.fromEnv(env);
        LabelResult result = service.createLabels(new ShippingTask(tenant, order.orderId(), null, null));
        simulator.advance(result.packages().get(0).trackingNumber());
        orders.transition(orders.get(tenant, order.orderId()), OrderState.CANCELLED, "tiktok", "buyer cancelled");
        assertThatThrownBy(() -> service.voidLabels(new ShippingTask(tenant, order.orderId(), null, null)))
                .isInstanceOf(ValidationFailed.class).hasMessageContaining("can no longer be voided");
    }
}
