package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How our carriers and services are named on EasyPost: the {@code carrier} string of its rates and trackers, the
 * {@code type} of its carrier accounts, and the {@code service} of each of our service codes; and how EasyPost's
 * tracker {@code status} / {@code status_detail} pairs map to our {@link TrackingStatus}.
 */
public final class EasyPostCarriers {
    private record Names(String carrier, String accountType, Map<String, String> services) {
    }

    private static final Map<Carrier, Names> NAMES = new EnumMap<>(Carrier.class);

    static {
        NAMES.put(Carrier.USPS, new Names("USPS", "UspsAccount", Map.of("GROUND_ADVANTAGE", "GroundAdvantage",
                "PRIORITY_MAIL", "Priority", "PRIORITY_MAIL_EXPRESS", "Express",
                "PRIORITY_MAIL_INTERNATIONAL", "PriorityMailInternational")));
        NAMES.put(Carrier.UPS, new Names("UPS", "UpsAccount", Map.of("GROUND", "Ground",
                "THREE_DAY_SELECT", "3DaySelect", "SECOND_DAY_AIR", "2ndDayAir", "NEXT_DAY_AIR", "NextDayAir",
                "WORLDWIDE_SAVER", "UPSSaver")));
        NAMES.put(Carrier.FEDEX, new Names("FedEx", "FedexAccount", Map.of("GROUND", "FEDEX_GROUND",
                "EXPRESS_SAVER", "FEDEX_EXPRESS_SAVER", "TWO_DAY", "FEDEX_2_DAY",
                "STANDARD_OVERNIGHT", "STANDARD_OVERNIGHT", "INTERNATIONAL_PRIORITY", "INTERNATIONAL_PRIORITY")));
        NAMES.put(Carrier.DHL_ECOMMERCE, new Names("DhlEcs", "DhlEcsAccount", Map.of(
                "PARCEL_EXPEDITED", "DHLParcelExpedited", "PARCEL_GROUND", "DHLParcelGround",
                "PARCEL_INTERNATIONAL_DIRECT", "DHLParcelInternationalDirect")));
        NAMES.put(Carrier.DHL_EXPRESS, new Names("DHLExpress", "DhlExpressAccount", Map.of(
                "EXPRESS_DOMESTIC", "DomesticExpress", "EXPRESS_WORLDWIDE", "ExpressWorldwideNonDoc",
                "ECONOMY_SELECT", "EconomySelectNonDoc")));
        NAMES.put(Carrier.ONTRAC, new Names("OnTrac", "OntracAccount", Map.of("GROUND", "Ground",
                "SUNRISE", "Sunrise", "SUNRISE_GOLD", "Gold")));
        NAMES.put(Carrier.AMAZON_SHIPPING, new Names("AmazonShipping", "AmazonShippingAccount", Map.of(
                "GROUND", "Ground", "TWO_DAY", "SecondDay", "ONE_DAY", "NextDay")));
        NAMES.put(Carrier.CANADA_POST, new Names("CanadaPost", "CanadaPostAccount", Map.of(
                "REGULAR_PARCEL", "RegularParcel", "EXPEDITED_PARCEL", "ExpeditedParcel",
                "XPRESSPOST", "Xpresspost", "PRIORITY", "Priority",
                "TRACKED_PACKET_INTERNATIONAL", "TrackedPacketInternational")));
        NAMES.put(Carrier.ROYAL_MAIL, new Names("RoyalMail", "RoyalMailAccount", Map.of(
                "TRACKED_48", "RoyalMailTracked48", "TRACKED_24", "RoyalMailTracked24",
                "SPECIAL_DELIVERY", "SpecialDeliveryGuaranteed1pm",
                "INTERNATIONAL_TRACKED", "InternationalTracked")));
    }

    private EasyPostCarriers() {
    }

    /** The carrier's name on EasyPost ({@code FedEx}, {@code DhlEcs}). */
    public static String name(Carrier carrier) {
        return NAMES.get(carrier).carrier();
    }

    /** The type of the carrier's EasyPost carrier accounts ({@code UpsAccount}). */
    public static String accountType(Carrier carrier) {
        return NAMES.get(carrier).accountType();
    }

    /** Our carrier for an EasyPost carrier name, if it is one of ours (case-insensitive). */
    public static Optional<Carrier> carrier(String easyPostName) {
        return Arrays.stream(Carrier.values())
                .filter(c -> NAMES.get(c).carrier().equalsIgnoreCase(easyPostName)).findFirst();
    }

    /** EasyPost's service name for one of our service codes. */
    public static String service(Carrier carrier, String serviceCode) {
        String name = NAMES.get(carrier).services().get(serviceCode);
        if (name == null) {
            throw new IllegalArgumentException(carrier + " has no EasyPost service for " + serviceCode);
        }
        return name;
    }

    /** Our service code for one of EasyPost's service names of a carrier, if we offer it. */
    public static Optional<String> serviceCode(Carrier carrier, String easyPostService) {
        return NAMES.get(carrier).services().entrySet().stream()
                .filter(e -> e.getValue().equalsIgnoreCase(easyPostService)).map(Map.Entry::getKey).findFirst();
    }

    /**
     * Our status for a tracker's {@code status} and {@code status_detail}; empty for statuses that move nothing
     * ({@code unknown}, {@code cancelled}, {@code error}, or a {@code failure} we cannot classify).
     */
    public static Optional<TrackingStatus> status(String status, String detail) {
        String d = detail == null ? "" : detail;
        return Optional.ofNullable(switch (status == null ? "" : status) {
            case "pre_transit" -> TrackingStatus.LABEL_CREATED;
            case "in_transit" -> d.equals("received_at_origin_facility") ? TrackingStatus.ACCEPTED
                    : TrackingStatus.IN_TRANSIT;
            case "out_for_delivery", "available_for_pickup" -> TrackingStatus.OUT_FOR_DELIVERY;
            case "delivered" -> TrackingStatus.DELIVERED;
            case "return_to_sender" -> TrackingStatus.RETURNED_TO_SENDER;
            case "failure" -> switch (d) {
                case "lost", "damaged" -> TrackingStatus.LOST;
                case "address_not_found", "incorrect_address", "delivery_exception" -> TrackingStatus.ADDRESS_PROBLEM;
                default -> null;
            };
            default -> null;
        });
    }

    /** The {@code status} and {@code status_detail} EasyPost reports for one of our statuses (the simulator's). */
    public static String[] statusOf(TrackingStatus status) {
        return switch (status) {
            case LABEL_CREATED -> new String[] {"pre_transit", "label_created"};
            case ACCEPTED -> new String[] {"in_transit", "received_at_origin_facility"};
            case IN_TRANSIT -> new String[] {"in_transit", "arrived_at_facility"};
            case OUT_FOR_DELIVERY -> new String[] {"out_for_delivery", "out_for_delivery"};
            case DELIVERED -> new String[] {"delivered", "arrived_at_destination"};
            case LOST -> new String[] {"failure", "lost"};
            case RETURNED_TO_SENDER -> new String[] {"return_to_sender", "return"};
            case ADDRESS_PROBLEM -> new String[] {"failure", "address_not_found"};
        };
    }
}
