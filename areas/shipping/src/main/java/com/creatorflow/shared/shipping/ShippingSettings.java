package com.creatorflow.shared.shipping;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.shipping.domain.CarrierAllowance;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.PackagingPreset;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.ShipFromAddress;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.validation.domain.OrderValidator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A creator's shipping and fulfilment settings, one version of them (the creators' API saves a new version each
 * time; see {@link ShippingSettingsStore}). Everything here is carried out by the workflow: the default ship-from
 * address and the allowed carriers and services drive rate shopping and labels, the strategy and fallback the choice,
 * packaging presets and handling days the packing and promise, the hold window the validation step.
 *
 * @param tenantId the owner
 * @param version 1, 2, ... (0: never saved)
 * @param shipFrom ship-from addresses; exactly one is the default when any are given
 * @param carriers carriers the creator ships with, and their allowed services
 * @param strategy how to choose a carrier
 * @param fallback the strategy when no fixed rule matches
 * @param fixed fixed carriers per SKU or destination ({@link RateStrategy#FIXED})
 * @param failoverOrder carrier codes to try in order when the chosen one is down
 * @param promiseDays days from payment within which delivery is promised
 * @param maxParcelWeightGrams the heaviest parcel the creator packs (0: the carriers' limits)
 * @param packaging the creator's boxes
 * @param labelFormat the label document ({@code PDF_4X6}, the one format generated)
 * @param handlingDays days from label to hand-over to the carrier
 * @param holdWindowSeconds how long an order paid straight away waits before it ships (TikTok's hour by default)
 * @param defaultProfile measures for SKUs without a profile (null: such SKUs stop for review)
 * @param tiktokHandover how TikTok Shipping parcels reach TikTok's carrier: {@code PICKUP} (the carrier collects
 *     in the earliest slot TikTok offers) or {@code DROP_OFF} (the default: the creator drops them off)
 * @param updatedAt when this version was saved
 * @param updatedBy who saved it
 */
public record ShippingSettings(String tenantId, long version, List<ShipFromAddress> shipFrom,
                               List<CarrierAllowance> carriers, RateStrategy strategy, RateStrategy fallback,
                               List<FixedCarrierRule> fixed, List<String> failoverOrder, int promiseDays,
                               int maxParcelWeightGrams, List<PackagingPreset> packaging, String labelFormat,
                               int handlingDays, int holdWindowSeconds, SkuProfile defaultProfile,
                               String tiktokHandover, Instant updatedAt,
                               String updatedBy) {
    /** The one label format generated: a 4x6 inch PDF page per package. */
    public static final String PDF_4X6 = "PDF_4X6";
    /** TikTok Shipping handover: the carrier collects the parcel in a slot. */
    public static final String PICKUP = "PICKUP";
    /** TikTok Shipping handover: the creator drops the parcel off (the default). */
    public static final String DROP_OFF = "DROP_OFF";
    /** TikTok's hold hour, the hold window of a creator who sets none. */
    public static final int DEFAULT_HOLD_WINDOW_SECONDS = (int) OrderValidator.HOLD_WINDOW.toSeconds();

    public ShippingSettings {
        shipFrom = shipFrom == null ? List.of() : List.copyOf(shipFrom);
        carriers = carriers == null ? List.of() : List.copyOf(carriers);
        strategy = strategy == null ? RateStrategy.CHEAPEST : strategy;
        fallback = fallback == null ? RateStrategy.CHEAPEST : fallback;
        fixed = fixed == null ? List.of() : List.copyOf(fixed);
        failoverOrder = failoverOrder == null ? List.of() : List.copyOf(failoverOrder);
        promiseDays = promiseDays <= 0 ? ShippingRules.DEFAULT_PROMISE_DAYS : promiseDays;
        packaging = packaging == null ? List.of() : List.copyOf(packaging);
        labelFormat = labelFormat == null ? PDF_4X6 : labelFormat;
        holdWindowSeconds = holdWindowSeconds < 0 ? DEFAULT_HOLD_WINDOW_SECONDS : holdWindowSeconds;
        tiktokHandover = tiktokHandover == null ? DROP_OFF : tiktokHandover;
    }

    /** The settings of a creator who never saved any (version 0): nothing to ship from, no carrier. */
    public static ShippingSettings none(String tenantId) {
        return new ShippingSettings(tenantId, 0, List.of(), List.of(), RateStrategy.CHEAPEST, RateStrategy.CHEAPEST,
                List.of(), List.of(), 0, 0, List.of(), PDF_4X6, 0, DEFAULT_HOLD_WINDOW_SECONDS, null, DROP_OFF, null, null);
    }

    /** The same settings as a stored version. */
    public ShippingSettings stored(long newVersion, Instant at, String actor) {
        return new ShippingSettings(tenantId, newVersion, shipFrom, carriers, strategy, fallback, fixed, failoverOrder,
                promiseDays, maxParcelWeightGrams, packaging, labelFormat, handlingDays, holdWindowSeconds,
                defaultProfile, tiktokHandover, at, actor);
    }

    /** The same settings without the ship-from addresses (stored apart, encrypted). */
    public ShippingSettings withShipFrom(List<ShipFromAddress> addresses) {
        return new ShippingSettings(tenantId, version, addresses, carriers, strategy, fallback, fixed, failoverOrder,
                promiseDays, maxParcelWeightGrams, packaging, labelFormat, handlingDays, holdWindowSeconds,
                defaultProfile, tiktokHandover, updatedAt, updatedBy);
    }

    /** The default ship-from address, if any is set. */
    public Optional<ShipFromAddress> defaultShipFrom() {
        return shipFrom.stream().filter(ShipFromAddress::isDefault).findFirst();
    }

    /** How long an order paid straight away waits before it ships. */
    @JsonIgnore
    public Duration holdWindow() {
        return Duration.ofSeconds(holdWindowSeconds);
    }

    /**
     * The rules rate shopping applies: the default ship-from, only the allowed carriers and services.
     *
     * @throws ValidationFailed naming {@code shipFrom} or {@code carriers} when the settings cannot ship yet
     */
    public ShippingRules toRules() {
        ShipFromAddress from = defaultShipFrom().orElseThrow(() -> new ValidationFailed("shipFrom",
                "no ship-from address is set; add one in the shipping settings"));
        if (carriers.isEmpty()) {
            throw new ValidationFailed("carriers", "no carrier is allowed; allow at least one in the shipping "
                    + "settings");
        }
        Map<String, List<String>> services = new LinkedHashMap<>();
        carriers.forEach(c -> services.put(c.carrier(), c.services()));
        return new ShippingRules(strategy, carriers.stream().map(CarrierAllowance::carrier).toList(), services,
                failoverOrder, fixed, fallback, promiseDays, maxParcelWeightGrams, from.address(), defaultProfile,
                packaging, handlingDays);
    }
}
