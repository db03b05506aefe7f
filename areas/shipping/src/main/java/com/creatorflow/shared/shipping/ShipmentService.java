package com.creatorflow.shared.shipping;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.rules.RuleOutcome;
import com.creatorflow.shared.shipping.carrier.CarrierAccounts;
import com.creatorflow.shared.shipping.carrier.TenantCarriers;
import com.creatorflow.shared.shipping.domain.Candidate;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.shipping.domain.LabelRenderer;
import com.creatorflow.shared.shipping.domain.LabelResult;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.VoidResult;
import com.creatorflow.shared.store.OrderRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The shipping steps of the fulfilment workflow: choose a carrier (rate shopping by the creator's shipping settings,
 * narrowed by the order's rule decision: {@code useCarrier}, {@code splitShipment}), create the
 * labels (buy with failover to the next candidate when a carrier is down, render and store the 4x6 PDFs, register
 * the tracking numbers, move the order RESERVED to LABELED with its packages), and void labels of a cancelled order
 * (their stored documents are deleted once the order records the void).
 *
 * <p>Idempotent, as workflow steps must be: a line already in a live package is not labelled again, purchases carry
 * an idempotency key derived from the order, lines, carrier and service (a retried purchase returns the first label),
 * label ids are derived from the tracking number, and voided packages are skipped.
 */
public final class ShipmentService {
    private static final String ACTOR = "workflow:shipping";

    private final OrderRepository orders;
    private final ShippingStore store;
    private final TenantCarriers adapters;
    private final RateShopper shopper;
    private final S3LabelStore labels;
    private final LabelRenderer renderer;

    /**
     * @param orders the order repository
     * @param store the shipping rules, profiles and tracking states
     * @param adapters the carriers of each tenant (its own accounts, else the deployment's)
     * @param labels where label PDFs go
     * @param renderer renders label PDFs
     * @param clock today's date for delivery promises
     */
    public ShipmentService(OrderRepository orders, ShippingStore store, TenantCarriers adapters,
                           S3LabelStore labels, LabelRenderer renderer, Clock clock) {
        this.orders = orders;
        this.store = store;
        this.adapters = adapters;
        this.shopper = new RateShopper(adapters, clock);
        this.labels = labels;
        this.renderer = renderer;
    }

    /** The service wired from a function's environment. */
    public static ShipmentService fromEnv(Env env) {
        return new ShipmentService(OrderRepository.fromEnv(env), ShippingStore.fromEnvCachingConfig(env),
                CarrierAccounts.fromEnv(env), S3LabelStore.fromEnv(env), new LabelRenderer(), Clock.systemUTC());
    }

    /**
     * Rate shops the lines still to label. Changes nothing. A workflow run again after a crash may find the order
     * already labelled (or shipped, in part or whole): then there is nothing to shop and the choice has no candidates.
     */
    public CarrierChoice choose(ShippingTask task) {
        Order order = orders.get(task.tenantId(), task.orderId());
        List<String> todo = unlabelled(order, task.lineIds());
        if (todo.isEmpty() && task.lineIds().isEmpty() && !live(order).isEmpty()
                && Lifecycle.isPastReservation(order.state())) {
            return new CarrierChoice(null, "every line of order " + order.orderId() + " is already labelled",
                    List.of(), Map.of());
        }
        requireLabellable(order);
        if (todo.isEmpty()) {
            throw new ValidationFailed("lineIds", "every requested line of order " + order.orderId()
                    + " is already labelled");
        }
        Planned planned = shipment(order, todo, task.rules());
        try {
            return shopper.shop(planned.shipment());
        } catch (CarrierUnavailable down) {
            throw planned.note() == null ? down : new CarrierUnavailable(down.getMessage() + "; " + planned.note());
        }
    }

    /** Buys, renders (or takes the carrier's own labels), stores and records the labels of the lines still to label. */
    public LabelResult createLabels(ShippingTask task) {
        Order order = orders.get(task.tenantId(), task.orderId());
        List<String> todo = unlabelled(order, task.lineIds());
        if (todo.isEmpty()) {
            Set<String> wanted = new HashSet<>(task.lineIds().isEmpty() ? Packer.unitLineIds(order) : task.lineIds());
            List<ShipmentPackage> existing = live(order).stream()
                    .filter(p -> p.tiktokLineIds().stream().anyMatch(wanted::contains)).toList();
            return new LabelResult(order.orderId(), order.state().name(), existing, Map.of(), true);
        }
        requireLabellable(order);
        Planned planned = shipment(order, todo, task.rules());
        RateShopper.Shipment shipment = planned.shipment();
        CarrierChoice choice = task.choice() != null && !task.choice().candidates().isEmpty()
                && covers(task.choice().chosen(), todo) ? task.choice() : shopper.shop(shipment);
        Map<String, String> skipped = new LinkedHashMap<>(choice.unavailable());
        for (Candidate candidate : choice.candidates()) {
            Optional<CarrierAdapter> adapter = adapters.forTenant(order.tenantId()).find(candidate.carrier());
            if (adapter.isEmpty()) {
                skipped.put(candidate.carrier().code(), "not configured");
                continue;
            }
            PurchasedLabel label;
            try {
                label = adapter.get().buyLabel(shipment.request(candidate.parcels()), candidate.service(),
                        idempotencyKey(order, todo, candidate));
            } catch (CarrierUnavailable down) {
                skipped.put(candidate.carrier().code(), down.getMessage());
                continue;
            }
            return record(order, shipment, candidate, label, skipped, choice.reason(), planned.note());
        }
        throw new CarrierUnavailable("no carrier could label order " + order.orderId() + ": " + skipped
                + (planned.note() == null ? "" : "; " + planned.note()));
    }

    private LabelResult record(Order order, RateShopper.Shipment shipment, Candidate candidate, PurchasedLabel label,
                               Map<String, String> skipped, String reason, String ruleNote) {
        Carrier carrier = candidate.carrier();
        String serviceName = carrier.service(candidate.service()).name();
        int count = candidate.parcels().size();
        var request = shipment.request(candidate.parcels());
        List<ShipmentPackage> created = new ArrayList<>();
        List<TransactWriteItem> registrations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Parcel parcel = candidate.parcels().get(i);
            String tracking = label.trackingNumbers().get(i);
            String packageId = order.orderId() + "-" + (order.packages().size() + i + 1);
            String labelId = order.orderId() + "-" + tracking;
            byte[] pdf = i < label.labels().size() ? renderer.carrierLabel(label.labels().get(i))
                    : renderer.render(new LabelRenderer.LabelDocument(order.orderId(), i + 1, count, carrier,
                    serviceName, tracking, request.shipFrom(), request.shipTo(), parcel.weightGrams()));
            labels.put(order.tenantId(), order.orderId(), labelId, pdf);
            registrations.add(store.trackingRegistration(carrier, tracking, order.tenantId(), order.orderId(),
                    packageId));
            created.add(new ShipmentPackage(packageId, parcel.lineIds(), "LABELED", carrier.code(),
                    candidate.service(), tracking, labelId, null));
        }
        List<ShipmentPackage> all = new ArrayList<>(order.packages());
        all.addAll(created);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("carrier", carrier.code());
        details.put("service", candidate.service());
        details.put("trackingNumbers", label.trackingNumbers());
        details.put("cost", label.cost().toString());
        details.put("choice", reason);
        if (!skipped.isEmpty()) {
            details.put("skippedCarriers", skipped);
        }
        if (ruleNote != null) {
            details.put("rule", ruleNote);
        }
        if (shipment.split() != Packer.Split.NONE) {
            details.put("split", shipment.split());
        }
        String why = carrier.displayName() + " " + serviceName + " label bought for " + count + " package(s)";
        Order written;
        try {
            written = order.state() == OrderState.RESERVED
                    ? orders.transition(order, OrderState.LABELED, ACTOR, why, details, b -> b.packages(all),
                            registrations)
                    : orders.update(order, ACTOR, "LABEL_ADDED", why, details, b -> b.packages(all), registrations);
        } catch (TransactionCanceledException refused) {
            throw new IllegalStateException(carrier.code() + " tracking number(s) " + label.trackingNumbers()
                    + " already belong to another order", refused);
        }
        return new LabelResult(order.orderId(), written.state().name(), created, skipped, false);
    }

    /** Voids every live label of an order that was cancelled (or is about to be) after labelling. */
    public VoidResult voidLabels(ShippingTask task) {
        Order order = orders.get(task.tenantId(), task.orderId());
        List<String> alreadyVoided = order.packages().stream().filter(p -> "VOIDED".equals(p.status()))
                .map(ShipmentPackage::trackingNumber).toList();
        List<ShipmentPackage> live = live(order);
        if (live.isEmpty()) {
            return new VoidResult(order.orderId(), List.of(), alreadyVoided);
        }
        OrderState state = order.state();
        boolean voidable = state == OrderState.LABELED || state == OrderState.CANCELLED
                || (state == OrderState.NEEDS_ATTENTION && order.attentionFrom() == OrderState.LABELED);
        if (!voidable) {
            throw new ValidationFailed("orderId", "order " + order.orderId() + " is " + state
                    + "; only labels of LABELED or CANCELLED orders are voided");
        }
        List<String> voided = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        CarrierUnavailable outage = null;
        for (ShipmentPackage p : live) {
            try {
                adapters.forTenant(task.tenantId()).get(Carrier.ofCode(p.carrier())).voidLabel(p.trackingNumber());
                voided.add(p.trackingNumber());
            } catch (ValidationFailed e) {
                refused.put(p.trackingNumber(), e.getMessage());
            } catch (CarrierUnavailable e) {
                outage = e;
                break;
            }
        }
        if (!voided.isEmpty()) {
            List<ShipmentPackage> packages = order.packages().stream().map(p -> voided.contains(p.trackingNumber())
                    ? new ShipmentPackage(p.packageId(), p.tiktokLineIds(), "VOIDED", p.carrier(), p.service(),
                    p.trackingNumber(), p.labelId(), p.shippedAt()) : p).toList();
            orders.update(order, ACTOR, "LABEL_VOIDED", "voided " + voided.size() + " label(s) of a cancelled order",
                    Map.of("voided", voided), b -> b.packages(packages));
            live.stream().filter(p -> voided.contains(p.trackingNumber()))
                    .forEach(p -> labels.voided(order.tenantId(), p.labelId()));
        }
        if (outage != null) {
            throw outage;
        }
        if (!refused.isEmpty()) {
            throw new ValidationFailed("trackingNumber", "carriers refused to void " + refused);
        }
        return new VoidResult(order.orderId(), voided, alreadyVoided);
    }

    /** A shipment as the creator's rules shape it, and what the rules imposed in words (null: nothing). */
    private record Planned(RateShopper.Shipment shipment, String note) {
    }

    /**
     * The shipment of some lines under the creator's shipping settings, narrowed by the rule decision the workflow
     * carries ({@code useCarrier}, {@code splitShipment}); no decision: the settings alone.
     */
    private Planned shipment(Order order, Collection<String> lineIds, RuleOutcome decision) {
        ShippingRules rules = store.rules(order.tenantId()).orElseThrow(() -> new ValidationFailed("shippingRules",
                "no shipping rules are set for this creator; set at least a ship-from address"));
        Set<String> skus = order.lines().stream().map(LineItem::sku).collect(Collectors.toSet());
        RuleOutcome outcome = decision == null ? RuleOutcome.nothing() : decision;
        RuleCarrier ruled = RuleCarrier.apply(rules, adapters.forTenant(order.tenantId()).all().stream().map(CarrierAdapter::carrier).toList(),
                outcome.carrier(), outcome.serviceLevel(), outcome.decidedBy().getOrDefault("carrier",
                        outcome.decidedBy().get("serviceLevel")));
        Packer.Split split = outcome.split() == null ? Packer.Split.NONE
                : Packer.Split.of(outcome.split().strategy(), outcome.split().maxUnitsPerPackage());
        return new Planned(new RateShopper.Shipment(order, lineIds, ruled.rules(),
                store.profiles(order.tenantId(), skus), split), ruled.note());
    }

    private static void requireLabellable(Order order) {
        if (order.state() != OrderState.RESERVED && order.state() != OrderState.LABELED) {
            throw new IllegalTransition(order.state(), OrderState.LABELED,
                    "only a RESERVED order (or a LABELED one shipping in parts) gets labels");
        }
    }

    private static List<ShipmentPackage> live(Order order) {
        return order.packages().stream()
                .filter(p -> p.trackingNumber() != null && !"VOIDED".equals(p.status())).toList();
    }

    /** Requested line ids (all when none) that no live package holds yet, in order. */
    static List<String> unlabelled(Order order, List<String> requested) {
        Set<String> labelled = live(order).stream().flatMap(p -> p.tiktokLineIds().stream())
                .collect(Collectors.toSet());
        List<String> wanted = requested.isEmpty() ? Packer.unitLineIds(order) : requested;
        return wanted.stream().filter(id -> !labelled.contains(id)).distinct().toList();
    }

    private static boolean covers(Candidate candidate, List<String> lineIds) {
        Set<String> packed = candidate.parcels().stream().flatMap(p -> p.lineIds().stream())
                .collect(Collectors.toSet());
        return packed.equals(new HashSet<>(lineIds));
    }

    private static String idempotencyKey(Order order, List<String> lineIds, Candidate candidate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join(",", new TreeSet<>(lineIds))
                    .getBytes(StandardCharsets.UTF_8));
            return order.tenantId() + ":" + order.orderId() + ":" + HexFormat.of().formatHex(digest, 0, 8) + ":"
                    + candidate.carrier().code() + ":" + candidate.service();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
