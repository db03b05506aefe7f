package com.creatorflow.shared.shipping;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.csv.CsvRejected;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.shipping.carrier.CarrierAdapters;
import com.creatorflow.shared.shipping.domain.ProfileNotFound;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.store.domain.Page;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The creators' shipping settings and SKU profiles: read, validate and save them as new versions (409 on a stale
 * {@code basedOnVersion}), import and export profiles as CSV (all rows checked before any is written).
 */
public final class ShippingSettingsService {
    private final ShippingSettingsStore store;
    private final ShippingSettingsInput input;
    private final Clock clock;

    /**
     * @param store the settings and profiles
     * @param input checks API bodies (knows the configured carriers)
     * @param clock save times
     */
    public ShippingSettingsService(ShippingSettingsStore store, ShippingSettingsInput input, Clock clock) {
        this.store = store;
        this.input = input;
        this.clock = clock;
    }

    /** The service wired from {@code SHIPPING_TABLE}, the PII key and the carriers' endpoints. */
    public static ShippingSettingsService fromEnv(Env env) {
        return new ShippingSettingsService(new ShippingSettingsStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"),
                PiiCipher.fromEnv(env)), new ShippingSettingsInput(CarrierAdapters.configured(env)),
                Clock.systemUTC());
    }

    /** The store (readiness reads it too). */
    public ShippingSettingsStore store() {
        return store;
    }

    /** The current settings (version 0 before the first save). */
    public ShippingSettings settings(String tenantId) {
        return store.current(tenantId);
    }

    /** Validates a settings body and saves it as the next version. */
    public ShippingSettings save(String tenantId, JsonNode body, String actor) {
        ShippingSettings draft = input.settings(tenantId, body);
        return store.save(draft, ShippingSettingsInput.basedOn(body), actor, clock.instant());
    }

    /** The saved versions, newest first. */
    public List<ShippingSettings> versions(String tenantId, int limit) {
        return store.versions(tenantId, limit);
    }

    /** A SKU's profile, or a 404. */
    public ShippingSettingsStore.StoredProfile profile(String tenantId, String sku) {
        return store.profile(tenantId, checkedSku(sku)).orElseThrow(() -> new ProfileNotFound(sku));
    }

    /** Validates a profile body and saves it as the SKU's next version. */
    public ShippingSettingsStore.StoredProfile putProfile(String tenantId, String sku, JsonNode body, String actor) {
        SkuProfile profile = ShippingSettingsInput.profile(sku, body);
        return store.putProfile(tenantId, profile, ShippingSettingsInput.basedOn(body), actor, clock.instant());
    }

    /** Removes a SKU's profile, or a 404 when it has none. */
    public void deleteProfile(String tenantId, String sku) {
        if (!store.deleteProfile(tenantId, checkedSku(sku))) {
            throw new ProfileNotFound(sku);
        }
    }

    /** One page of profiles, in SKU order. */
    public Page<ShippingSettingsStore.StoredProfile> profiles(String tenantId, int limit, String cursor) {
        return store.profiles(tenantId, limit, cursor);
    }

    /**
     * What an import did.
     *
     * @param rows rows in the file
     * @param saved profiles saved (each as its SKU's next version)
     */
    public record ImportReport(int rows, int saved) {
    }

    /**
     * Imports a profiles CSV: every row is checked first, and nothing is written when any row has an error.
     *
     * @throws CsvRejected listing every bad row
     */
    public ImportReport importProfiles(String tenantId, byte[] csv, String actor) {
        ProfileCsv.Parsed parsed = ProfileCsv.parse(csv);
        if (!parsed.errors().isEmpty()) {
            int lines = parsed.errors().size();
            throw new CsvRejected(lines + (lines == 1 ? " line has" : " lines have") + " errors; nothing was "
                    + "applied", parsed.errors());
        }
        store.putProfiles(tenantId, parsed.profiles(), actor, clock.instant());
        return new ImportReport(parsed.profiles().size(), parsed.profiles().size());
    }

    /** Every profile of a tenant as CSV. */
    public String exportProfiles(String tenantId) {
        List<SkuProfile> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<ShippingSettingsStore.StoredProfile> page = store.profiles(tenantId, 100, cursor);
            page.items().forEach(p -> all.add(p.profile()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ProfileCsv.export(all);
    }

    private static String checkedSku(String sku) {
        InventoryInput.skuProblem(sku).ifPresent(problem -> {
            throw new ValidationFailed("sku", problem);
        });
        return sku;
    }
}
