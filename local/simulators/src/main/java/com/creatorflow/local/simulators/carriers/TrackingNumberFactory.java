package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CheckDigits;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues tracking numbers in each carrier's real format with correct check digits, unique per simulator run (a random
 * start plus a counter), with the service encoded where the carrier encodes one.
 */
final class TrackingNumberFactory {
    private static final int[] FEDEX_WEIGHTS = {3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1};
    private final AtomicLong sequence = new AtomicLong(new SecureRandom().nextInt(90_000_000) + 10_000_000L);

    /** A fresh number for a parcel of a carrier's service. */
    String next(Carrier carrier, ServiceLevel service) {
        String hint = service.trackingHint();
        String serial = Long.toString(sequence.incrementAndGet());
        return switch (carrier) {
            case USPS -> letters(hint) ? s10(hint, serial, "US") : withMod10(hint + digits(serial, 17), 3, 1);
            case UPS -> {
                String body = "CF8A12" + hint + digits(serial, 7);
                yield "1Z" + body + CheckDigits.mod10(body, 1, 2);
            }
            case FEDEX -> {
                if (hint.equals("15")) {
                    yield withMod10(digits(serial, 14), 1, 3);
                }
                String body = "7" + digits(serial, 10);
                yield body + CheckDigits.mod11(body, FEDEX_WEIGHTS);
            }
            case DHL_ECOMMERCE -> "GM" + "2951" + digits(serial, 14);
            case DHL_EXPRESS -> {
                String body = "1" + digits(serial, 8);
                yield body + CheckDigits.mod7(body);
            }
            case ONTRAC -> {
                String body = "1" + digits(serial, 12);
                yield hint + body + CheckDigits.mod10((hint.equals("C") ? "4" : "5") + body, 1, 2);
            }
            case AMAZON_SHIPPING -> "TBA" + "5" + digits(serial, 11);
            case CANADA_POST -> letters(hint) ? s10(hint, serial, "CA") : withMod10("7" + digits(serial, 14), 3, 1);
            case ROYAL_MAIL -> s10(hint, serial, "GB");
        };
    }

    private static boolean letters(String hint) {
        return !hint.isEmpty() && Character.isLetter(hint.charAt(0));
    }

    private static String withMod10(String serial, int evenWeight, int oddWeight) {
        return serial + CheckDigits.mod10(serial, evenWeight, oddWeight);
    }

    private static String s10(String prefix, String serial, String country) {
        String eight = digits(serial, 8);
        return prefix + eight + CheckDigits.s10(eight) + country;
    }

    private static String digits(String serial, int length) {
        String padded = "0".repeat(Math.max(0, length - serial.length())) + serial;
        return padded.substring(padded.length() - length);
    }
}
