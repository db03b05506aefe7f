package com.creatorflow.shared.store;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Buyer;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.ShipmentPackage;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The search entries of an order: one item per value a creator can look an order up by, in its own partition of
 * the Orders table ({@code <tenant>#find#<kind>#<value>}, sort key the order id), written in the same transaction
 * as the order. Tracking numbers are stored as normalised text; the buyer's and recipient's names and the phone
 * number only as a keyed blind index ({@link PiiCipher#blindIndex}), never in clear.
 */
public final class OrderLookups {
    /** The partition of a lookup: the tenant, then this marker (order items never carry it). */
    static final String MARKER = "#find#";
    private static final int PHONE_DIGITS = 10;

    private OrderLookups() {
    }

    /** The lookup partitions of an order (empty for an order without tracking numbers or buyer). */
    static Set<String> of(Order order, PiiCipher cipher) {
        Set<String> keys = new TreeSet<>();
        for (ShipmentPackage parcel : order.packages()) {
            tracking(order.tenantId(), parcel.trackingNumber()).ifPresent(keys::add);
        }
        if (order.pii() != null) {
            Buyer buyer = order.pii().buyer();
            Address address = order.pii().shippingAddress();
            if (buyer != null) {
                name(order.tenantId(), buyer.name(), cipher).ifPresent(keys::add);
            }
            if (address != null) {
                name(order.tenantId(), address.name(), cipher).ifPresent(keys::add);
                phone(order.tenantId(), address.phone(), cipher).ifPresent(keys::add);
            }
        }
        return keys;
    }

    /** The partition of a tracking number: upper case, letters and digits only. */
    static Optional<String> tracking(String tenantId, String trackingNumber) {
        String normal = trackingNumber == null ? "" : trackingNumber.toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z0-9]", "");
        return normal.isEmpty() ? Optional.empty() : Optional.of(tenantId + MARKER + "trk#" + normal);
    }

    /**
     * The partition of a name: Unicode NFKC, lower case, inner spaces collapsed, then blind-indexed, so
     * "Ana  María" finds "ana maría".
     */
    static Optional<String> name(String tenantId, String name, PiiCipher cipher) {
        String normal = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        return normal.isEmpty() ? Optional.empty()
                : cipher.blindIndex(tenantId, "name", normal).map(mac -> tenantId + MARKER + "name#" + mac);
    }

    /**
     * The partition of a phone number: its last ten digits (so "+1 (555) 010-2030" and "555-010-2030" agree), then
     * blind-indexed; fewer than six digits is no phone number.
     */
    static Optional<String> phone(String tenantId, String phone, PiiCipher cipher) {
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        if (digits.length() < 6) {
            return Optional.empty();
        }
        String normal = digits.substring(Math.max(0, digits.length() - PHONE_DIGITS));
        return cipher.blindIndex(tenantId, "phone", normal).map(mac -> tenantId + MARKER + "phone#" + mac);
    }
}
