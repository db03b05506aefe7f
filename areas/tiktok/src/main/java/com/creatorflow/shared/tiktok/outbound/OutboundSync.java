package com.creatorflow.shared.tiktok.outbound;

import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What we tell TikTok: our shipments (tracking number and TikTok's shipping provider for the carrier) and our
 * cancellations. Both are idempotent: TikTok's "already shipped" (21011040) and "already cancelled" (21011041) count
 * as done, and an order already past the step is answered as it is.
 */
public final class OutboundSync {
    static final long ALREADY_SHIPPED = 21011040;
    static final long ALREADY_CANCELLED = 21011041;
    static final long INVALID_TRACKING = 21011022;
    private static final String ACTOR = "system:tiktok-outbound";

    private final OrderRepository orders;
    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final Clock clock;
    private final Map<String, List<TikTokShopClient.ShippingProvider>> providers = new ConcurrentHashMap<>();

    /**
     * @param orders the order repository
     * @param shops the shop registry
     * @param tiktok the Partner API client
     * @param clock stamps shipped times
     */
    public OutboundSync(OrderRepository orders, ShopRegistry shops, TikTokShopClient tiktok, Clock clock) {
        this.orders = orders;
        this.shops = shops;
        this.tiktok = tiktok;
        this.clock = clock;
    }

    /**
     * Pushes a labelled order's tracking numbers to TikTok (mark as shipped, one call per package) and moves it
     * LABELED → SHIPPED. An order already shipped is returned unchanged.
     */
    public Order pushShipment(String tenantId, String orderId) {
        Order order = orders.get(tenantId, orderId);
        if (Lifecycle.isShippedOrLater(order.state())) {
            return order;
        }
        Lifecycle.check(order, OrderState.SHIPPED);
        List<ShipmentPackage> toShip = order.packages().stream()
                .filter(p -> p.trackingNumber() != null && !"VOIDED".equals(p.status())).toList();
        if (toShip.isEmpty()) {
            throw new ValidationFailed("packages", "order " + orderId + " has no labelled package with a tracking "
                    + "number to push");
        }
        Shop shop = shop(order);
        String deliveryOption = order.deliveryOptionId() != null ? order.deliveryOptionId()
                : TikTokOrderMapper.map(tiktok.orderDetails(shop, List.of(orderId)).get(0), tenantId,
                        shop.shopId()).deliveryOptionId();
        List<ShipmentPackage> shipped = new ArrayList<>();
        for (ShipmentPackage pkg : order.packages()) {
            if (!toShip.contains(pkg)) {
                shipped.add(pkg);
                continue;
            }
            String providerId = providerFor(shop, deliveryOption, pkg.carrier());
            try {
                tiktok.markShipped(shop, orderId, pkg.trackingNumber(), providerId, pkg.tiktokLineIds());
            } catch (TikTokRejected e) {
                if (e.code() != ALREADY_SHIPPED) {
                    throw e;
                }
            }
            shipped.add(new ShipmentPackage(pkg.packageId(), pkg.tiktokLineIds(), "SHIPPED", pkg.carrier(),
                    pkg.service(), pkg.trackingNumber(), pkg.labelId(), clock.instant()));
        }
        return orders.transition(order, OrderState.SHIPPED, ACTOR, "tracking pushed to TikTok Shop", null,
                b -> b.packages(shipped));
    }

    /** Tells TikTok the seller cancelled the order; returns TikTok's cancellation id (or "already-cancelled"). */
    public String cancelOnTikTok(String tenantId, String orderId, String reason) {
        Order order = orders.get(tenantId, orderId);
        Shop shop = shop(order);
        try {
            String cancelId = tiktok.cancelOrder(shop, orderId, reason);
            return cancelId == null ? "cancelled" : cancelId;
        } catch (TikTokRejected e) {
            if (e.code() == ALREADY_CANCELLED) {
                return "already-cancelled";
            }
            throw e;
        }
    }

    private Shop shop(Order order) {
        return shops.find(order.shopId()).orElseThrow(() -> new TikTokRejected(0,
                "shop " + order.shopId() + " of order " + order.orderId() + " is not registered"));
    }

    /** TikTok's provider id for our carrier code ("usps" → "USPS", "dhl" → "DHL eCommerce"). */
    private String providerFor(Shop shop, String deliveryOption, String carrier) {
        List<TikTokShopClient.ShippingProvider> known = providers.computeIfAbsent(deliveryOption,
                option -> tiktok.shippingProviders(shop, option));
        String wanted = normalise(carrier);
        return known.stream().filter(p -> {
            String name = normalise(p.name());
            return !wanted.isEmpty() && (name.equals(wanted) || name.startsWith(wanted) || wanted.startsWith(name));
        }).map(TikTokShopClient.ShippingProvider::id).findFirst().orElseThrow(() -> new TikTokRejected(
                INVALID_TRACKING, "no TikTok shipping provider matches carrier " + carrier));
    }

    private static String normalise(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
