package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.shipping.domain.BusinessDays;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import java.time.LocalDate;

/**
 * Deterministic simulated prices: per parcel a carrier's base price plus a price per billable kilogram (the larger
 * of actual and dimensional weight at 5000 cm3/kg), scaled by the service's speed and doubled-plus across borders.
 * Delivery dates count business days.
 */
final class RateCard {
    private RateCard() {
    }

    private static int[] basePerKgMinor(Carrier carrier) {
        return switch (carrier) {
            case USPS -> new int[] {520, 90};
            case UPS -> new int[] {780, 120};
            case FEDEX -> new int[] {760, 118};
            case DHL_ECOMMERCE -> new int[] {480, 100};
            case DHL_EXPRESS -> new int[] {1500, 300};
            case ONTRAC -> new int[] {560, 85};
            case AMAZON_SHIPPING -> new int[] {540, 95};
            case CANADA_POST -> new int[] {900, 150};
            case ROYAL_MAIL -> new int[] {350, 80};
        };
    }

    /** The price in minor units of one parcel. */
    static long price(Carrier carrier, ServiceLevel service, int weightGrams, int lengthMm, int widthMm, int heightMm) {
        long dimensionalGrams = (long) lengthMm * widthMm * heightMm / 5_000;
        long billableKg = Math.max(1, (Math.max(weightGrams, dimensionalGrams) + 999) / 1000);
        int[] card = basePerKgMinor(carrier);
        double speed = switch (Math.min(service.maxDays(), 5)) {
            case 1 -> 2.8;
            case 2 -> 1.7;
            case 3 -> 1.3;
            case 4 -> 1.15;
            default -> 1.0;
        };
        double border = service.international() ? 2.2 : 1.0;
        return Math.round((card[0] + card[1] * billableKg) * speed * border);
    }

    /** The date a service delivers when shipped today. */
    static LocalDate delivery(LocalDate today, int businessDays) {
        return BusinessDays.after(today, businessDays);
    }
}
