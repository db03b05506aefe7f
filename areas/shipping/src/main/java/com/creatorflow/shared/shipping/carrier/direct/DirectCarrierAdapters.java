package com.creatorflow.shared.shipping.carrier.direct;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * Builds the adapters that speak a carrier's own API. A deployment picks one per carrier with
 * {@code CARRIER_<CODE>_PROTOCOL} ({@code ups-rest}, {@code usps-v3}, {@code fedex-rest}); its endpoint stays
 * {@code CARRIER_<CODE>_URL} (the carrier's production or test host, or a simulator) and its credentials the carrier's
 * entry of the credentials document: {@code clientId}, {@code clientSecret}, {@code accountNumber}, and for UPS
 * {@code webhookSecret} (the Track Alert credential), for USPS {@code crid}, {@code mid}, {@code manifestMid}.
 * {@code CARRIER_UPS_WEBHOOK_URL} is where UPS Track Alert posts (our {@code /webhooks/carriers/ups}).
 */
public final class DirectCarrierAdapters {
    private DirectCarrierAdapters() {
    }

    /** The carriers' APIs this package speaks. */
    public enum Protocol {
        /** UPS REST APIs (OAuth, Rating and Shipping v2409, Tracking v1, Track Alert). */
        UPS_REST("ups-rest", Carrier.UPS),
        /** USPS APIs v3 (OAuth, Domestic Prices, Domestic Labels, Tracking). */
        USPS_V3("usps-v3", Carrier.USPS),
        /** FedEx REST APIs (OAuth, Rate v1, Ship v1, Track v1). */
        FEDEX_REST("fedex-rest", Carrier.FEDEX);

        private final String value;
        private final Carrier carrier;

        Protocol(String value, Carrier carrier) {
            this.value = value;
            this.carrier = carrier;
        }

        /** The configuration value ({@code ups-rest}). */
        public String value() {
            return value;
        }

        /** The carrier it reaches. */
        public Carrier carrier() {
            return carrier;
        }
    }

    /**
     * The direct protocol an environment chooses for a carrier, if any; a value that is not one for this carrier
     * fails at once, naming the variable.
     */
    public static Optional<Protocol> protocol(Env env, Carrier carrier) {
        String variable = carrier.envPrefix() + "_PROTOCOL";
        return env.optional(variable).filter(v -> !v.isBlank()).map(value -> Arrays.stream(Protocol.values())
                .filter(p -> p.value.equals(value) && p.carrier == carrier).findFirst()
                .orElseThrow(() -> new IllegalStateException(variable + "=" + value + " is not a protocol for "
                        + carrier.displayName() + "; known: " + Arrays.stream(Protocol.values())
                        .filter(p -> p.carrier == carrier).map(Protocol::value).toList())));
    }

    /**
     * A direct adapter.
     *
     * @param carrier UPS, USPS or FedEx
     * @param settings endpoint and resilience settings
     * @param account the creator's account at the carrier
     * @param webhookUrl where the carrier posts tracking updates (UPS Track Alert), or null
     * @param http the shared HTTP client
     * @param clock the clock
     */
    public static CarrierAdapter create(Carrier carrier, CarrierSettings settings, DirectAccount account,
                                        URI webhookUrl, HttpClient http, Clock clock) {
        return switch (carrier) {
            case UPS -> new UpsAdapter(settings, account, webhookUrl, http, clock);
            case USPS -> new UspsAdapter(settings, account, http, clock);
            case FEDEX -> new FedExAdapter(settings, account, http, clock);
            default -> throw new IllegalArgumentException(carrier.displayName() + " has no direct adapter");
        };
    }

    /**
     * Proves a direct adapter's credentials work by fetching a new OAuth token (not the cached one); a refusal is
     * {@link com.creatorflow.shared.error.CarrierUnavailable} with the carrier's words.
     */
    public static void checkCredentials(CarrierAdapter adapter) {
        if (!(adapter instanceof DirectCarrierAdapter direct)) {
            throw new IllegalArgumentException(adapter.carrier().displayName() + " is not a direct adapter");
        }
        direct.fetchToken();
    }

    /** The direct adapter of a carrier as an environment configures it (see the class comment). */
    public static CarrierAdapter fromEnv(Env env, Carrier carrier, CarrierSettings settings, JsonNode credential,
                                         HttpClient http) {
        URI webhook = env.optional(carrier.envPrefix() + "_WEBHOOK_URL").filter(u -> !u.isBlank())
                .map(URI::create).orElse(null);
        return create(carrier, settings, DirectAccount.of(credential), webhook, http, Clock.systemUTC());
    }
}
