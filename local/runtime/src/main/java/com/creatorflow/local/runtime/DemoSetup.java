package com.creatorflow.local.runtime;

import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the demo creator up the way a creator would, through the creators' API on the front door with a token from
 * {@code /local/token}: stock for the simulator's catalogue (CSV import), a shipping profile per SKU, and the shipping
 * settings (a ship-from address, USPS, UPS and FedEx, the cheapest rate, and a {@value #DEMO_HOLD_SECONDS}-second
 * hold window so the demo orders ship within a minute; real shops keep TikTok's hour). Done once per data folder:
 * saved settings mean the creator was set up (and may have changed things since), so a restart changes nothing.
 */
final class DemoSetup {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
    /** The demo's hold window: short, so orders paid straight away ship during the demo. */
    static final int DEMO_HOLD_SECONDS = 10;
    /** Units of each catalogue SKU the demo starts with. */
    static final int DEMO_STOCK = 100;

    private final URI frontDoor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    private DemoSetup(URI frontDoor, String token) {
        this.frontDoor = frontDoor;
        this.token = token;
    }

    /**
     * Signs in as a tenant at the local issuer, as the issuer's default identity: the one the dashboard and the
     * README sign in as, which thereby founds the tenant's team as its owner.
     */
    static DemoSetup signIn(URI frontDoor, String tenantId) {
        DemoSetup anonymous = new DemoSetup(frontDoor, null);
        JsonNode answer = anonymous.call("POST", "/local/token", "application/json",
                Json.write(Map.of("tenantId", tenantId)), 200);
        return new DemoSetup(frontDoor, answer.get("token").asText());
    }

    /** Connects a simulator shop to the creator through TikTok's authorization flow, as a creator would. */
    void connectShop(TikTokShopSimulator simulator, String shopId) {
        TikTokShopConnector.connect(frontDoor, token, simulator, shopId);
    }

    /**
     * Sets the creator up for the catalogue's SKUs, unless its shipping settings were saved before.
     *
     * @return true when it set the creator up now
     */
    boolean setUpOnce(List<String> skus) {
        JsonNode settings = call("GET", "/v1/shipping/settings", null, null, 200);
        if (settings.path("version").asLong() > 0) {
            return false;
        }
        StringBuilder stock = new StringBuilder("sku,quantity\n");
        StringBuilder profiles = new StringBuilder("sku,weightGrams,lengthMm,widthMm,heightMm,hsCode,shipsAlone\n");
        for (String sku : skus) {
            stock.append(sku).append(',').append(DEMO_STOCK).append('\n');
            profiles.append(sku).append(',').append(profileOf(sku)).append('\n');
        }
        call("POST", "/v1/inventory/import", "text/csv", stock.toString(), 200);
        call("POST", "/v1/shipping/profiles/import", "text/csv", profiles.toString(), 200);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", "CreatorFlow Demo Studio");
        address.put("line1", "500 Demo Way");
        address.put("city", "Los Angeles");
        address.put("region", "CA");
        address.put("postalCode", "90012");
        address.put("country", "US");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("basedOnVersion", 0);
        body.put("shipFrom", List.of(Map.of("id", "studio", "default", true, "address", address)));
        body.put("carriers", List.of(Map.of("carrier", "usps"), Map.of("carrier", "ups"), Map.of("carrier", "fedex")));
        body.put("strategy", "CHEAPEST");
        body.put("holdWindowSeconds", DEMO_HOLD_SECONDS);
        call("PUT", "/v1/shipping/settings", "application/json", Json.write(body), 200);
        LOG.info("demo creator set up through the API: {} SKUs with stock and profiles, ship-from, carriers",
                skus.size());
        return true;
    }

    /** True when the creator has no orders yet (so demo orders are welcome). */
    boolean hasNoOrders() {
        return get("/v1/orders?limit=1").path("items").isEmpty();
    }

    /** GETs a route of the creators' API as the demo creator (200 expected). */
    JsonNode get(String path) {
        return call("GET", path, null, null, 200);
    }

    /** Measures of a catalogue SKU: weight, length, width, height (g, mm), HS code, ships alone. */
    private static String profileOf(String sku) {
        if (sku.startsWith("TEE-")) {
            return "220,300,250,30,6109.10,false";
        }
        if (sku.startsWith("LIGHT-")) {
            return "900,300,300,80,9405.40,true";
        }
        if (sku.startsWith("GLOSS-")) {
            return "40,100,30,30,3304.10,false";
        }
        return "30,150,100,5,4911.91,false";
    }

    private JsonNode call(String method, String path, String contentType, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(frontDoor.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("demo setup: " + method + " " + path + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? Json.tree("{}") : Json.tree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("demo setup: " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("demo setup interrupted", e);
        }
    }
}
