package com.creatorflow.shared.tiktok.outbound;

import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.Packer;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.shipping.ShippingSettings;
import com.creatorflow.shared.shipping.ShippingSettingsStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokDocuments;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TikTok Shipping (an order whose {@code shipping_type} is TIKTOK): TikTok buys the label, so no carrier of ours is
 * asked. Per TikTok package: read the handover slots, arrange the shipment (Ship Package) by pickup in the earliest
 * slot or by drop-off as the creator's {@code tiktokHandover} setting says (falling back to what TikTok offers),
 * fetch the shipping label and the packing slip through their short-lived links and store them at once in the
 * label store (encrypted, like our own labels), then move the order RESERVED → LABELED → SHIPPED with its packages
 * (carrier {@value #CARRIER}, TikTok's provider and tracking number). Later tracking comes from TikTok: its status
 * webhooks (IN_TRANSIT, DELIVERED) move the order through the sync worker.
 *
 * <p>Idempotent: a package TikTok already shipped (21011040) counts as arranged, its documents are fetched again,
 * and an order the sync already moved to SHIPPED (TikTok's AWAITING_COLLECTION webhook can overtake this step) only
 * gets its packages and labels recorded.
 */
public final class TikTokShipping {
    /** The carrier code of packages TikTok Shipping carries. */
    public static final String CARRIER = "tiktok";
    /** The label id suffix of a package's packing slip. */
    public static final String PACKING_SLIP_SUFFIX = "-packing-slip";
    static final int LINK_ATTEMPTS = 3;
    private static final String ACTOR = "workflow:tiktok-shipping";

    private final OrderRepository orders;
    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final ShippingSettingsStore settings;
    private final S3LabelStore labels;
    private final TikTokDocuments documents;
    private final Clock clock;

    /**
     * One arranged package.
     *
     * @param packageId TikTok's package id
     * @param handoverMethod PICKUP or DROP_OFF
     * @param trackingNumber TikTok's tracking number
     * @param labelId the stored label's id (the packing slip is the same id with {@value #PACKING_SLIP_SUFFIX})
     */
    public record Arranged(String packageId, String handoverMethod, String trackingNumber, String labelId) {
    }

    /**
     * What the step did.
     *
     * @param orderId the order
     * @param state its state afterwards
     * @param packages the packages arranged
     */
    public record Result(String orderId, String state, List<Arranged> packages) {
    }

    /**
     * @param orders the order repository
     * @param shops the shop registry
     * @param tiktok the Partner API client
     * @param settings the creators' shipping settings (the handover method)
     * @param labels where labels and packing slips are stored
     * @param documents downloads the documents from TikTok's links
     * @param clock stamps shipped times
     */
    public TikTokShipping(OrderRepository orders, ShopRegistry shops, TikTokShopClient tiktok,
                          ShippingSettingsStore settings, S3LabelStore labels, TikTokDocuments documents,
                          Clock clock) {
        this.orders = orders;
        this.shops = shops;
        this.tiktok = tiktok;
        this.settings = settings;
        this.labels = labels;
        this.documents = documents;
        this.clock = clock;
    }

    /** Arranges TikTok's shipment of every package of the order and stores TikTok's documents. */
    public Result arrange(String tenantId, String orderId) {
        Order order = orders.get(tenantId, orderId);
        if (!order.shippedByTikTok()) {
            throw new ValidationFailed("shippingType", "order " + orderId + " is shipped by the seller; its label is "
                    + "bought from our carriers, not arranged with TikTok Shipping");
        }
        if (order.state() != OrderState.RESERVED && order.state() != OrderState.LABELED
                && !Lifecycle.isShippedOrLater(order.state())) {
            throw new IllegalTransition(order.state(), OrderState.SHIPPED,
                    "TikTok Shipping is arranged for a RESERVED order");
        }
        Shop shop = shops.find(order.shopId()).orElseThrow(() -> new TikTokRejected(0,
                "shop " + order.shopId() + " of order " + orderId + " is not registered"));
        List<ShipmentPackage> packages = tiktokPackages(shop, order);
        String wanted = settings.currentWithoutAddresses(tenantId).map(ShippingSettings::tiktokHandover)
                .orElse(ShippingSettings.DROP_OFF);
        List<Arranged> arranged = new ArrayList<>();
        List<ShipmentPackage> shipped = new ArrayList<>();
        for (ShipmentPackage pkg : packages) {
            String method = arrangeOne(shop, pkg.packageId(), wanted);
            TikTokShopClient.PackageDetail detail = tiktok.packageDetail(shop, pkg.packageId());
            byte[] label = document(shop, pkg.packageId(), "SHIPPING_LABEL");
            byte[] slip = document(shop, pkg.packageId(), "PACKING_SLIP");
            String tracking = detail.trackingNumber();
            if (tracking == null) {
                throw new TransientFailure("TikTok has no tracking number yet for package " + pkg.packageId());
            }
            String labelId = orderId + "-" + tracking;
            labels.put(tenantId, orderId, labelId, label);
            labels.put(tenantId, orderId, labelId + PACKING_SLIP_SUFFIX, slip);
            List<String> lineIds = pkg.tiktokLineIds().isEmpty() ? Packer.unitLineIds(order) : pkg.tiktokLineIds();
            shipped.add(new ShipmentPackage(pkg.packageId(), lineIds, "SHIPPED", CARRIER, detail.providerName(),
                    tracking, labelId, clock.instant()));
            arranged.add(new Arranged(pkg.packageId(), method, tracking, labelId));
        }
        Order written = record(orders.get(tenantId, orderId), shipped, arranged);
        return new Result(orderId, written.state().name(), arranged);
    }

    /** The order's TikTok packages; read from TikTok when we have none yet (TikTok creates them with the order). */
    private List<ShipmentPackage> tiktokPackages(Shop shop, Order order) {
        List<ShipmentPackage> known = order.packages().stream().filter(p -> !"VOIDED".equals(p.status())).toList();
        if (!known.isEmpty()) {
            return known;
        }
        List<ShipmentPackage> fetched = TikTokOrderMapper.map(tiktok.orderDetails(shop, List.of(order.orderId()))
                .get(0), order.tenantId(), shop.shopId()).order().packages();
        if (fetched.isEmpty()) {
            throw new TransientFailure("TikTok has not created the package of order " + order.orderId() + " yet");
        }
        return fetched;
    }

    /** Books the handover: the creator's choice when TikTok offers it, else the other one. */
    private String arrangeOne(Shop shop, String packageId, String wanted) {
        TikTokShopClient.HandoverOptions options = tiktok.handoverSlots(shop, packageId);
        boolean pickup = options.canPickup() && !options.pickupSlots().isEmpty();
        String method = ShippingSettings.PICKUP.equals(wanted) && pickup ? ShippingSettings.PICKUP
                : options.canDropOff() ? ShippingSettings.DROP_OFF : pickup ? ShippingSettings.PICKUP : null;
        if (method == null) {
            throw new TikTokRejected(0, "TikTok offers neither a pickup slot nor drop-off for package " + packageId);
        }
        try {
            tiktok.shipPackage(shop, packageId, method,
                    method.equals(ShippingSettings.PICKUP) ? options.pickupSlots().get(0) : null);
        } catch (TikTokRejected e) {
            if (e.code() != OutboundSync.ALREADY_SHIPPED) {
                throw e;
            }
        }
        return method;
    }

    /** Fetches a document's link and downloads it at once; an expired link is asked for again. */
    private byte[] document(Shop shop, String packageId, String type) {
        for (int attempt = 1; ; attempt++) {
            TikTokShopClient.DocumentLink link = tiktok.shippingDocument(shop, packageId, type);
            try {
                return documents.download(link.url());
            } catch (TikTokDocuments.LinkExpired expired) {
                if (attempt >= LINK_ATTEMPTS) {
                    throw new TransientFailure("TikTok's " + type + " link for package " + packageId
                            + " expired " + attempt + " times before it was downloaded");
                }
            }
        }
    }

    private Order record(Order order, List<ShipmentPackage> shipped, List<Arranged> arranged) {
        Map<String, ShipmentPackage> byId = new LinkedHashMap<>();
        order.packages().forEach(p -> byId.put(p.packageId(), p));
        shipped.forEach(p -> byId.put(p.packageId(), p));
        List<ShipmentPackage> all = new ArrayList<>(byId.values());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("carrier", CARRIER);
        details.put("packages", arranged);
        if (Lifecycle.isShippedOrLater(order.state())) {
            return orders.update(order, ACTOR, "LABEL_ADDED", "TikTok Shipping documents stored", details,
                    b -> b.packages(all));
        }
        Order labelled = order.state() == OrderState.LABELED ? order : orders.transition(order, OrderState.LABELED,
                ACTOR, "TikTok Shipping label fetched for " + shipped.size() + " package(s)", details,
                b -> b.packages(all));
        return orders.transition(labelled, OrderState.SHIPPED, ACTOR, "shipment arranged with TikTok Shipping ("
                + arranged.stream().map(Arranged::handoverMethod).distinct().toList() + ")", details,
                b -> b.packages(all));
    }
}
