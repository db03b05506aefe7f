package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.ShippingSettingsConflict;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.testing.TestStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Profile imports against the local DynamoDB: written in chunks, all or nothing. */
class ShippingSettingsStoreIT {
    private final TestStack stack = TestStack.get();
    private final String table = stack.env().require("SHIPPING_TABLE");
    private final ShippingSettingsStore store = new ShippingSettingsStore(stack.env().aws().dynamo(), table,
            PiiCipher.fromEnv(stack.env()));
    private final String tenant = TestStack.tenant();

    private static List<SkuProfile> profiles(int count, int grams) {
        return IntStream.range(0, count).mapToObj(i -> new SkuProfile(String.format("SKU-%03d", i), grams, 100, 80,
                20, null, false)).toList();
    }

    private List<ShippingSettingsStore.StoredProfile> all() {
        List<ShippingSettingsStore.StoredProfile> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<ShippingSettingsStore.StoredProfile> page = store.profiles(tenant, 100, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    @Test
    void anImportOfManyChunksSavesEveryProfileAsItsNextVersion() {
        store.putProfile(tenant, new SkuProfile("SKU-000", 5, 10, 10, 10, null, false), 0L, "user:a", Instant.now());
        store.putProfiles(tenant, profiles(120, 200), "user:import", Instant.now());
        List<ShippingSettingsStore.StoredProfile> all = all();
        assertThat(all).hasSize(120);
        assertThat(all.get(0).version()).isEqualTo(2);
        assertThat(all.get(119).version()).isEqualTo(1);
        assertThat(all).allSatisfy(p -> assertThat(p.profile().weightGrams()).isEqualTo(200));
    }

    @Test
    void aProfileChangedDuringAnImportUndoesTheChunksAlreadyWritten() {
        SkuProfile original = new SkuProfile("SKU-000", 5, 10, 10, 10, "6109.10", true);
        store.putProfile(tenant, original, 0L, "user:a", Instant.now());
        SkuProfile concurrent = new SkuProfile("SKU-110", 999, 10, 10, 10, null, false);
        store.beforeChunk(chunk -> {
            if (chunk == 2) {
                store.putProfile(tenant, concurrent, null, "user:b", Instant.now());
            }
        });

        assertThatThrownBy(() -> store.putProfiles(tenant, profiles(120, 200), "user:import", Instant.now()))
                .isInstanceOf(ShippingSettingsConflict.class).hasMessageContaining("nothing was imported");

        List<ShippingSettingsStore.StoredProfile> all = all();
        assertThat(all).extracting(p -> p.profile().sku()).containsExactly("SKU-000", "SKU-110");
        assertThat(all.get(0).profile()).isEqualTo(original);
        assertThat(all.get(0).version()).isEqualTo(1);
        assertThat(all.get(1).profile()).as("the concurrent save stands").isEqualTo(concurrent);
        Map<String, AttributeValue> undone = stack.env().aws().dynamo().getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("TENANT#" + tenant),
                "sk", AttributeValue.fromS("SKUV#SKU-000#0000000002")))).item();
        assertThat(undone).as("the imported version is gone too").isEmpty();
        assertThat(store.putProfile(tenant, original, 1L, "user:a", Instant.now()).version())
                .as("the next save takes version 2 again").isEqualTo(2);
    }
}
