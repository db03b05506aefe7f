package com.creatorflow.shared.shipping.carrier.easypost;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierResilience.TransientCarrierError;
import com.creatorflow.shared.shipping.domain.CarrierResilience;
import com.creatorflow.shared.shipping.domain.EasyPostCarriers;
import com.creatorflow.shared.shipping.domain.LabelImage;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingNumberFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One carrier reached through EasyPost: rates from a created shipment ({@code POST /shipments}, limited to the key's
 * carrier account for this carrier when EasyPost lists one, else filtered by the rates' {@code carrier}), a label
 * per parcel bought with {@code POST /shipments/{id}/buy} (rate id, insurance when enabled, label format PDF) and
 * stored as EasyPost's own PDF postage label ({@link EasyPostClient#labelPdf}),
 * voids as refunds ({@code POST /refunds} by tracking code) and tracking through trackers
 * ({@code POST /trackers}). Parcels go in inches and ounces (rounded up to a tenth); cross-border shipments carry a
 * {@code customs_info} with the goods' declared value.
 *
 * <p>Purchases are idempotent: parcel {@code n} of a purchase is created with the reference
 * {@code <idempotencyKey>-<n>}, and a retry first looks that reference up ({@code GET /shipments/{reference}}) and
 * reuses a shipment already bought. Each carrier has its own {@link CarrierResilience}, so one carrier failing at
 * EasyPost opens only its circuit. Tracking numbers are checked against the carrier's format on production-mode
 * shipments; EasyPost's test mode answers made-up codes.
 */
public final class EasyPostCarrierAdapter implements CarrierAdapter {
    private static final BigDecimal MM_PER_INCH = new BigDecimal("25.4");
    private static final BigDecimal GRAMS_PER_OUNCE = new BigDecimal("28.349523125");

    private final Carrier carrier;
    private final EasyPostClient client;
    private final CarrierResilience resilience;
    private final boolean insure;
    private final Clock clock;

    /**
     * @param carrier the carrier this view ships with
     * @param client the EasyPost client of the key
     * @param attempts tries per call (1 = no retry)
     * @param retryWait pause between tries
     * @param circuitOpen how long the circuit stays open
     * @param insure whether labels are bought with insurance for the goods' declared value
     * @param clock today's date for delivery estimates EasyPost leaves out
     */
    public EasyPostCarrierAdapter(Carrier carrier, EasyPostClient client, int attempts, Duration retryWait,
                                  Duration circuitOpen, boolean insure, Clock clock) {
        this.carrier = carrier;
        this.client = client;
        this.resilience = new CarrierResilience(carrier.displayName() + " via EasyPost", attempts, retryWait,
                circuitOpen);
        this.insure = insure;
        this.clock = clock;
    }

    @Override
    public Carrier carrier() {
        return carrier;
    }

    /** The EasyPost client behind this view. */
    public EasyPostClient client() {
        return client;
    }

    /** The circuit breaker's state (CLOSED, OPEN, HALF_OPEN), for health and tests. */
    public String circuitState() {
        return resilience.circuitState();
    }

    @Override
    public List<RateQuote> rates(ShipmentRequest request) {
        List<ServiceLevel> offered = carrier.servicesFor(request.shipFrom().country(), request.shipTo().country());
        if (offered.isEmpty()) {
            return List.of();
        }
        return resilience.call(() -> quote(request, offered));
    }

    private List<RateQuote> quote(ShipmentRequest request, List<ServiceLevel> offered) {
        Map<String, RateQuote> total = new LinkedHashMap<>();
        for (int i = 0; i < request.parcels().size(); i++) {
            JsonNode shipment = client.createShipment(shipment(request, i, null));
            Map<String, RateQuote> parcel = new LinkedHashMap<>();
            for (JsonNode rate : myRates(shipment)) {
                EasyPostCarriers.serviceCode(carrier, rate.path("service").asText())
                        .filter(code -> offered.stream().anyMatch(s -> s.code().equals(code)))
                        .ifPresent(code -> parcel.put(code, quoteOf(code, rate)));
            }
            if (i == 0) {
                total.putAll(parcel);
            } else {
                total.keySet().retainAll(parcel.keySet());
                total.replaceAll((code, sum) -> add(sum, parcel.get(code)));
            }
        }
        return List.copyOf(total.values());
    }

    private RateQuote quoteOf(String code, JsonNode rate) {
        int days = rate.path("delivery_days").isNumber() ? rate.path("delivery_days").asInt()
                : rate.path("est_delivery_days").asInt(carrier.service(code).maxDays());
        LocalDate by = rate.hasNonNull("delivery_date")
                ? OffsetDateTime.parse(rate.path("delivery_date").asText()).toLocalDate()
                : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(days);
        Money price = Money.parse(rate.path("rate").asText(), rate.path("currency").asText("USD"));
        return new RateQuote(carrier, code, price, days, by);
    }

    private static RateQuote add(RateQuote a, RateQuote b) {
        return new RateQuote(a.carrier(), a.service(), a.amount().plus(b.amount()),
                Math.max(a.transitDays(), b.transitDays()),
                a.estimatedDelivery().isAfter(b.estimatedDelivery()) ? a.estimatedDelivery() : b.estimatedDelivery());
    }

    /** This carrier's rates of a shipment; a rating error EasyPost reports for it instead is retried. */
    private List<JsonNode> myRates(JsonNode shipment) {
        String name = EasyPostCarriers.name(carrier);
        List<JsonNode> rates = new ArrayList<>();
        shipment.path("rates").forEach(rate -> {
            if (name.equalsIgnoreCase(rate.path("carrier").asText())) {
                rates.add(rate);
            }
        });
        if (rates.isEmpty()) {
            for (JsonNode message : shipment.path("messages")) {
                if (name.equalsIgnoreCase(message.path("carrier").asText())) {
                    throw new TransientCarrierError("EasyPost could not rate " + carrier.displayName() + ": "
                            + message.path("message").asText());
                }
            }
        }
        return rates;
    }

    @Override
    public PurchasedLabel buyLabel(ShipmentRequest request, String serviceCode, String idempotencyKey) {
        carrier.service(serviceCode);
        String service = EasyPostCarriers.service(carrier, serviceCode);
        List<String> numbers = new ArrayList<>();
        List<String> shipmentIds = new ArrayList<>();
        List<LabelImage> labels = new ArrayList<>();
        Money cost = null;
        for (int i = 0; i < request.parcels().size(); i++) {
            String reference = idempotencyKey + "-" + (i + 1);
            int index = i;
            JsonNode bought = resilience.call(() -> buyOne(request, index, reference, service));
            numbers.add(trackingNumber(bought));
            shipmentIds.add(bought.path("id").asText());
            labels.add(new LabelImage("PDF", resilience.call(() -> client.labelPdf(bought))));
            JsonNode rate = bought.path("selected_rate");
            Money price = Money.parse(rate.path("rate").asText(), rate.path("currency").asText("USD"));
            cost = cost == null ? price : cost.plus(price);
        }
        return new PurchasedLabel(carrier, serviceCode, String.join(",", shipmentIds), numbers, cost, labels);
    }

    private JsonNode buyOne(ShipmentRequest request, int index, String reference, String service) {
        Optional<JsonNode> earlier = client.shipment(reference);
        if (earlier.isPresent() && earlier.get().hasNonNull("tracking_code")) {
            return earlier.get();
        }
        JsonNode shipment = earlier.orElseGet(() -> client.createShipment(shipment(request, index, reference)));
        JsonNode rate = myRates(shipment).stream()
                .filter(r -> service.equalsIgnoreCase(r.path("service").asText())).findFirst()
                .orElseThrow(() -> new ValidationFailed("service", carrier.displayName() + " via EasyPost offers no "
                        + service + " for this shipment"));
        String insurance = insure && request.declaredValue() != null
                ? share(request, index).toDecimal().toPlainString() : null;
        return client.buy(shipment.path("id").asText(), rate.path("id").asText(), insurance);
    }

    private String trackingNumber(JsonNode shipment) {
        String number = TrackingNumberFormat.normalize(shipment.path("tracking_code").asText(""));
        if (number.isEmpty()) {
            throw new CarrierUnavailable("EasyPost bought a " + carrier.displayName() + " label without tracking code");
        }
        if ("production".equals(shipment.path("mode").asText()) && !carrier.isValidTrackingNumber(number)) {
            throw new CarrierUnavailable(carrier.displayName() + " via EasyPost returned a malformed tracking number "
                    + number);
        }
        return number;
    }

    @Override
    public void voidLabel(String trackingNumber) {
        String number = TrackingNumberFormat.normalize(trackingNumber);
        JsonNode refunds = resilience.call(() -> client.refund(carrier, number));
        for (JsonNode refund : refunds) {
            if ("rejected".equals(refund.path("status").asText())) {
                throw new ValidationFailed("trackingNumber", carrier.displayName() + " via EasyPost rejected the"
                        + " refund of " + number + ": the label can no longer be voided");
            }
        }
    }

    @Override
    public List<TrackingEvent> track(String trackingNumber) {
        String number = TrackingNumberFormat.normalize(trackingNumber);
        return resilience.call(() -> EasyPostClient.trackingEvents(client.tracker(carrier, number)));
    }

    @Override
    public String webhookSignatureHeader() {
        return client.webhookSignatureHeader();
    }

    /** Reads an EasyPost webhook and keeps this carrier's events. */
    @Override
    public List<TrackingEvent> parseWebhook(String signatureHeader, byte[] body) {
        return client.parseWebhook(signatureHeader, body).stream().filter(e -> e.carrier() == carrier).toList();
    }

    private ObjectNode shipment(ShipmentRequest request, int index, String reference) {
        Parcel parcel = request.parcels().get(index);
        ObjectNode shipment = Json.object();
        if (reference != null) {
            shipment.put("reference", reference);
        }
        shipment.set("to_address", EasyPostClient.address(request.shipTo()));
        shipment.set("from_address", EasyPostClient.address(request.shipFrom()));
        ObjectNode box = shipment.putObject("parcel");
        box.put("length", inches(parcel.lengthMm()));
        box.put("width", inches(parcel.widthMm()));
        box.put("height", inches(parcel.heightMm()));
        box.put("weight", ounces(parcel.weightGrams()));
        String account = client.carrierAccounts().get(carrier);
        if (account != null) {
            shipment.putArray("carrier_accounts").add(account);
        }
        ObjectNode options = shipment.putObject("options");
        options.put("label_format", "PDF");
        options.put("currency", request.currency());
        options.put("print_custom_1", request.reference());
        if (!request.shipFrom().country().equals(request.shipTo().country())) {
            shipment.set("customs_info", customs(request, index));
        }
        return shipment;
    }

    private ObjectNode customs(ShipmentRequest request, int index) {
        Parcel parcel = request.parcels().get(index);
        ObjectNode customs = Json.object();
        customs.put("contents_type", "merchandise");
        customs.put("customs_certify", true);
        customs.put("customs_signer", request.shipFrom().name());
        customs.put("non_delivery_option", "return");
        customs.put("restriction_type", "none");
        customs.put("eel_pfc", "NOEEI 30.37(a)");
        ArrayNode items = customs.putArray("customs_items");
        ObjectNode item = items.addObject();
        item.put("description", "Merchandise");
        item.put("quantity", Math.max(1, parcel.lineIds().size()));
        item.put("weight", ounces(parcel.weightGrams()));
        item.put("origin_country", request.shipFrom().country());
        if (request.declaredValue() != null) {
            item.put("value", share(request, index).toDecimal());
            item.put("currency", request.declaredValue().currency());
        }
        return customs;
    }

    /** The declared value of one parcel: the request's value shared by units (the last parcel takes the rest). */
    private static Money share(ShipmentRequest request, int index) {
        Money value = request.declaredValue();
        int units = request.parcels().stream().mapToInt(p -> Math.max(1, p.lineIds().size())).sum();
        int mine = Math.max(1, request.parcels().get(index).lineIds().size());
        return new Money(value.minor() * mine / units, value.currency());
    }

    static BigDecimal inches(int mm) {
        return BigDecimal.valueOf(mm).divide(MM_PER_INCH, 1, RoundingMode.CEILING);
    }

    static BigDecimal ounces(int grams) {
        return BigDecimal.valueOf(grams).divide(GRAMS_PER_OUNCE, 1, RoundingMode.CEILING);
    }
}
