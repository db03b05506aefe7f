package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.PackagingPreset;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.RuleActionRefused;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.Parcel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackerTest {
    private static final SkuProfile TEE = new SkuProfile("TEE-BLK-M", 250, 300, 250, 30, "610910", false);
    private static final SkuProfile STICKER = new SkuProfile("STICKER-01", 10, 100, 80, 1, null, false);
    private final Order order = Orders.sample("tenant-packer");
    private final ShippingRules rules = ShippingRules.cheapestFrom(null);

    @Test
    void packsSmallUnitsIntoOneBoxWithPaddingAndTare() {
        List<Packer.Unit> units = Packer.units(order, null, Map.of("TEE-BLK-M", TEE, "STICKER-01", STICKER), rules);
        assertThat(units).extracting(Packer.Unit::lineId).containsExactly("5770001", "5770002", "5770003");
        List<Parcel> parcels = Packer.pack(units, Packer.Limits.of(Carrier.USPS, rules));
        assertThat(parcels).hasSize(1);
        Parcel parcel = parcels.get(0);
        assertThat(parcel.weightGrams()).isEqualTo(250 + 250 + 10 + Packer.PACKAGING_GRAMS);
        assertThat(parcel.lengthMm()).isEqualTo(320);
        assertThat(parcel.widthMm()).isEqualTo(270);
        assertThat(parcel.heightMm()).isEqualTo(30 + 30 + 1 + Packer.PADDING_MM);
        assertThat(parcel.lineIds()).containsExactlyInAnyOrder("5770001", "5770002", "5770003");
    }

    @Test
    void packsIntoTheSmallestPresetTheContentsFitElseABoxMadeToMeasure() {
        List<Packer.Unit> units = Packer.units(order, null, Map.of("TEE-BLK-M", TEE, "STICKER-01", STICKER), rules);
        PackagingPreset mailer = new PackagingPreset("mailer", 320, 260, 20, 15, 0);
        PackagingPreset box = new PackagingPreset("box", 350, 300, 100, 180, 0);
        PackagingPreset crate = new PackagingPreset("crate", 600, 500, 400, 900, 0);
        Parcel parcel = Packer.pack(units, Packer.Limits.of(Carrier.USPS, rules), List.of(crate, mailer, box)).get(0);
        assertThat(parcel.lengthMm()).as("61 mm of contents do not fit the mailer").isEqualTo(350);
        assertThat(parcel.heightMm()).isEqualTo(100);
        assertThat(parcel.weightGrams()).isEqualTo(250 + 250 + 10 + 180);

        PackagingPreset weak = new PackagingPreset("weak-box", 350, 300, 100, 50, 400);
        Parcel custom = Packer.pack(units, Packer.Limits.of(Carrier.USPS, rules), List.of(weak)).get(0);
        assertThat(custom.weightGrams()).as("510 g is too heavy for the weak box")
                .isEqualTo(510 + Packer.PACKAGING_GRAMS);
        assertThat(custom.lengthMm()).isEqualTo(320);
    }

    @Test
    void aSplitRuleKeepsSkusApartOrCapsTheUnitsPerBox() {
        List<Packer.Unit> units = Packer.units(order, null, Map.of("TEE-BLK-M", TEE, "STICKER-01", STICKER), rules);
        Packer.Limits limits = Packer.Limits.of(Carrier.USPS, rules);
        List<Parcel> bySku = Packer.pack(units, limits, List.of(), Packer.Split.of("BY_SKU", null));
        assertThat(bySku).extracting(Parcel::lineIds)
                .containsExactlyInAnyOrder(List.of("5770001", "5770002"), List.of("5770003"));
        List<Parcel> single = Packer.pack(units, limits, List.of(), Packer.Split.of("MAX_UNITS", 1));
        assertThat(single).hasSize(3).allSatisfy(p -> assertThat(p.lineIds()).hasSize(1));
        assertThatThrownBy(() -> Packer.Split.of("SHIP_AVAILABLE_FIRST", null))
                .isInstanceOf(RuleActionRefused.class);
    }

    @Test
    void splitsByTheCarriersOrTheCreatorsWeightLimit() {
        SkuProfile heavy = new SkuProfile("TEE-BLK-M", 8_000, 400, 300, 200, null, false);
        List<Packer.Unit> units = Packer.units(order, null, Map.of("TEE-BLK-M", heavy, "STICKER-01", STICKER), rules);
        assertThat(Packer.pack(units, Packer.Limits.of(Carrier.UPS, rules))).hasSize(1);
        List<Parcel> dhl = Packer.pack(units, Packer.Limits.of(Carrier.DHL_ECOMMERCE, rules));
        assertThat(dhl).hasSize(2);
        assertThat(dhl).allSatisfy(p -> assertThat(p.weightGrams()).isLessThanOrEqualTo(11_340));
        assertThat(dhl.stream().flatMap(p -> p.lineIds().stream())).hasSize(3);

        ShippingRules smallBoxes = new ShippingRules(RateStrategy.CHEAPEST, null, null, null, null, 0, 5_000, null,
                null);
        assertThatThrownBy(() -> Packer.pack(units, Packer.Limits.of(Carrier.UPS, smallBoxes)))
                .isInstanceOf(ValidationFailed.class).hasMessageContaining("TEE-BLK-M");
    }

    @Test
    void shipsAloneUnitsInTheirOwnBoxAndPacksAPartialShipment() {
        SkuProfile boxed = new SkuProfile("TEE-BLK-M", 250, 300, 250, 30, null, true);
        List<Packer.Unit> units = Packer.units(order, null, Map.of("TEE-BLK-M", boxed, "STICKER-01", STICKER), rules);
        assertThat(Packer.pack(units, Packer.Limits.of(Carrier.USPS, rules))).hasSize(3);

        List<Packer.Unit> partial = Packer.units(order, List.of("5770003"), Map.of("STICKER-01", STICKER), rules);
        assertThat(partial).extracting(Packer.Unit::lineId).containsExactly("5770003");
        assertThatThrownBy(() -> Packer.units(order, List.of("nope"), Map.of("TEE-BLK-M", TEE, "STICKER-01", STICKER),
                rules)).isInstanceOf(ValidationFailed.class).hasMessageContaining("nope");
    }

    @Test
    void aSkuWithoutProfileNeedsTheDefault() {
        assertThatThrownBy(() -> Packer.units(order, null, Map.of("TEE-BLK-M", TEE), rules))
                .isInstanceOf(ValidationFailed.class).hasMessageContaining("STICKER-01");
        ShippingRules withDefault = new ShippingRules(null, null, null, null, null, 0, 0, null, STICKER);
        assertThat(Packer.units(order, null, Map.of("TEE-BLK-M", TEE), withDefault)).hasSize(3);
    }
}
