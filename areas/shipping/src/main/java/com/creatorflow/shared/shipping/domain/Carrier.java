package com.creatorflow.shared.shipping.domain;

import static com.creatorflow.shared.shipping.domain.ServiceLevel.domestic;
import static com.creatorflow.shared.shipping.domain.ServiceLevel.international;

import com.creatorflow.shared.error.ValidationFailed;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The carriers CreatorFlow ships with, each with its tracking-number format, service levels, parcel limits, the
 * countries it ships from, and its own tracking status codes (the codes its webhooks and tracking API use). Limits
 * are the carriers' published maximums rounded to grams and millimetres.
 */
public enum Carrier {
    USPS("usps", "USPS", Set.of("US"), 31_751, 1_067, 3_302, TrackingNumberFormat.usps(), List.of(
            domestic("GROUND_ADVANTAGE", "USPS Ground Advantage", 2, 5, "9400"),
            domestic("PRIORITY_MAIL", "Priority Mail", 1, 3, "9405"),
            domestic("PRIORITY_MAIL_EXPRESS", "Priority Mail Express", 1, 2, "EA"),
            international("PRIORITY_MAIL_INTERNATIONAL", "Priority Mail International", 6, 10, "CP")),
            codes("GX", "OA", "10", "OF", "01", "LS", "09", "21")),
    UPS("ups", "UPS", Set.of("US", "CA", "GB"), 68_038, 2_743, 4_191, TrackingNumberFormat.ups(), List.of(
            domestic("GROUND", "UPS Ground", 1, 5, "03"),
            domestic("THREE_DAY_SELECT", "UPS 3 Day Select", 3, 3, "12"),
            domestic("SECOND_DAY_AIR", "UPS 2nd Day Air", 2, 2, "02"),
            domestic("NEXT_DAY_AIR", "UPS Next Day Air", 1, 1, "01"),
            international("WORLDWIDE_SAVER", "UPS Worldwide Saver", 2, 5, "66")),
            codes("M", "P", "I", "O", "D", "XL", "RS", "XA")),
    FEDEX("fedex", "FedEx", Set.of("US", "CA", "GB"), 68_038, 2_743, 4_191, TrackingNumberFormat.fedex(), List.of(
            domestic("GROUND", "FedEx Ground", 1, 5, "15"),
            domestic("EXPRESS_SAVER", "FedEx Express Saver", 3, 3, "12"),
            domestic("TWO_DAY", "FedEx 2Day", 2, 2, "12"),
            domestic("STANDARD_OVERNIGHT", "FedEx Standard Overnight", 1, 1, "12"),
            international("INTERNATIONAL_PRIORITY", "FedEx International Priority", 1, 3, "12")),
            codes("OC", "PU", "IT", "OD", "DL", "SE", "RS", "DE")),
    DHL_ECOMMERCE("dhl-ecommerce", "DHL eCommerce", Set.of("US"), 11_340, 1_066, 2_743,
            TrackingNumberFormat.dhlEcommerce(), List.of(
            domestic("PARCEL_EXPEDITED", "DHL Parcel Expedited", 2, 5, "GM"),
            domestic("PARCEL_GROUND", "DHL Parcel Ground", 3, 8, "GM"),
            international("PARCEL_INTERNATIONAL_DIRECT", "DHL Parcel International Direct", 6, 12, "GM")),
            codes("PRE", "PU", "TR", "OD", "DL", "LS", "RTS", "AD")),
    DHL_EXPRESS("dhl-express", "DHL Express", Set.of("US", "CA", "GB"), 70_000, 3_000, 4_191,
            TrackingNumberFormat.dhlExpress(), List.of(
            domestic("EXPRESS_DOMESTIC", "DHL Express Domestic", 1, 2, ""),
            international("EXPRESS_WORLDWIDE", "DHL Express Worldwide", 1, 3, ""),
            international("ECONOMY_SELECT", "DHL Economy Select", 3, 6, "")),
            codes("SA", "PU", "PL", "WC", "OK", "MS", "RT", "BA")),
    ONTRAC("ontrac", "OnTrac", Set.of("US"), 68_038, 2_438, 4_191, TrackingNumberFormat.ontrac(), List.of(
            domestic("GROUND", "OnTrac Ground", 1, 4, "C"),
            domestic("SUNRISE", "OnTrac Sunrise", 1, 1, "D"),
            domestic("SUNRISE_GOLD", "OnTrac Sunrise Gold", 1, 1, "D")),
            codes("XX", "OS", "DP", "OD", "DL", "LS", "RS", "BA")),
    AMAZON_SHIPPING("amazon-shipping", "Amazon Shipping", Set.of("US", "GB"), 22_680, 1_270, 3_302,
            TrackingNumberFormat.amazon(), List.of(
            domestic("GROUND", "Amazon Shipping Ground", 2, 5, "TBA"),
            domestic("TWO_DAY", "Amazon Shipping Two-Day", 2, 2, "TBA"),
            domestic("ONE_DAY", "Amazon Shipping One-Day", 1, 1, "TBA")),
            codes("ReadyForReceive", "PickupDone", "InTransit", "OutForDelivery", "Delivered", "Lost",
                    "ReturnedToSeller", "AddressNotFound")),
    CANADA_POST("canada-post", "Canada Post", Set.of("CA"), 30_000, 2_000, 3_000, TrackingNumberFormat.canadaPost(),
            List.of(
            domestic("REGULAR_PARCEL", "Regular Parcel", 2, 9, "16"),
            domestic("EXPEDITED_PARCEL", "Expedited Parcel", 1, 7, "16"),
            domestic("XPRESSPOST", "Xpresspost", 1, 3, "16"),
            domestic("PRIORITY", "Priority", 1, 2, "16"),
            international("TRACKED_PACKET_INTERNATIONAL", "Tracked Packet International", 6, 10, "LM")),
            codes("3000", "0100", "0170", "0174", "1496", "1701", "0168", "1430")),
    ROYAL_MAIL("royal-mail", "Royal Mail", Set.of("GB"), 20_000, 1_500, 3_000, TrackingNumberFormat.royalMail(),
            List.of(
            domestic("TRACKED_48", "Royal Mail Tracked 48", 2, 3, "TT"),
            domestic("TRACKED_24", "Royal Mail Tracked 24", 1, 2, "TR"),
            domestic("SPECIAL_DELIVERY", "Special Delivery Guaranteed", 1, 1, "AB"),
            international("INTERNATIONAL_TRACKED", "International Tracked", 3, 7, "LX")),
            codes("EVGPD", "EVAIP", "EVNRT", "EVKOP", "EVKSP", "EVLST", "EVRTS", "EVDAC"));

    private final String code;
    private final String displayName;
    private final Set<String> origins;
    private final int maxWeightGrams;
    private final int maxLengthMm;
    private final int maxLengthPlusGirthMm;
    private final TrackingNumberFormat format;
    private final List<ServiceLevel> services;
    private final Map<TrackingStatus, String> statusCodes;

    Carrier(String code, String displayName, Set<String> origins, int maxWeightGrams, int maxLengthMm,
            int maxLengthPlusGirthMm, TrackingNumberFormat format, List<ServiceLevel> services,
            Map<TrackingStatus, String> statusCodes) {
        this.code = code;
        this.displayName = displayName;
        this.origins = origins;
        this.maxWeightGrams = maxWeightGrams;
        this.maxLengthMm = maxLengthMm;
        this.maxLengthPlusGirthMm = maxLengthPlusGirthMm;
        this.format = format;
        this.services = List.copyOf(services);
        this.statusCodes = statusCodes;
    }

    private static Map<TrackingStatus, String> codes(String... values) {
        Map<TrackingStatus, String> map = new EnumMap<>(TrackingStatus.class);
        TrackingStatus[] statuses = TrackingStatus.values();
        for (int i = 0; i < statuses.length; i++) {
            map.put(statuses[i], values[i]);
        }
        return map;
    }

    /** The code in URLs, webhooks and configuration ({@code dhl-ecommerce}). */
    public String code() {
        return code;
    }

    /** The carrier's name as people know it. */
    public String displayName() {
        return displayName;
    }

    /** The prefix of its configuration variables ({@code CARRIER_DHL_ECOMMERCE}). */
    public String envPrefix() {
        return "CARRIER_" + code.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Countries it picks up from. */
    public Set<String> origins() {
        return origins;
    }

    /** Heaviest parcel it takes, in grams. */
    public int maxWeightGrams() {
        return maxWeightGrams;
    }

    /** Longest side it takes, in millimetres. */
    public int maxLengthMm() {
        return maxLengthMm;
    }

    /** Largest length plus girth (2 x width + 2 x height) it takes, in millimetres. */
    public int maxLengthPlusGirthMm() {
        return maxLengthPlusGirthMm;
    }

    /** Its tracking-number format. */
    public TrackingNumberFormat trackingFormat() {
        return format;
    }

    /** Its services. */
    public List<ServiceLevel> services() {
        return services;
    }

    /** The services it offers from one country to another. */
    public List<ServiceLevel> servicesFor(String fromCountry, String toCountry) {
        if (!origins.contains(fromCountry)) {
            return List.of();
        }
        boolean international = !fromCountry.equals(toCountry);
        return services.stream().filter(s -> s.international() == international).toList();
    }

    /** A service by code, or a {@link ValidationFailed} naming the field. */
    public ServiceLevel service(String serviceCode) {
        return services.stream().filter(s -> s.code().equals(serviceCode)).findFirst()
                .orElseThrow(() -> new ValidationFailed("service", displayName + " has no service " + serviceCode
                        + "; it offers " + services.stream().map(ServiceLevel::code).toList()));
    }

    /** True when a tracking number has this carrier's format and check digit. */
    public boolean isValidTrackingNumber(String trackingNumber) {
        return format.isValid(trackingNumber);
    }

    /** The carrier's own code for a status (what its webhooks send). */
    public String nativeCode(TrackingStatus status) {
        return statusCodes.get(status);
    }

    /** Our status for one of the carrier's codes, if it is one we know. */
    public Optional<TrackingStatus> statusOf(String nativeCode) {
        return statusCodes.entrySet().stream().filter(e -> e.getValue().equals(nativeCode))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Every country some carrier ships from, sorted. */
    public static SortedSet<String> originCountries() {
        SortedSet<String> countries = new TreeSet<>();
        Arrays.stream(values()).forEach(c -> countries.addAll(c.origins));
        return countries;
    }

    /** The carrier with a code, or a {@link ValidationFailed} naming the field. */
    public static Carrier ofCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst()
                .orElseThrow(() -> new ValidationFailed("carrier", "unknown carrier " + code));
    }
}
