package com.creatorflow.shared.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.LocalKeyWrapper;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.crypto.PiiKeyTables;
import com.creatorflow.shared.crypto.PiiKeyring;
import com.creatorflow.shared.crypto.PiiResealing;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.shipping.ShippingSettings;
import com.creatorflow.shared.shipping.ShippingSettingsStore;
import com.creatorflow.shared.shipping.domain.ShipFromAddress;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.LegacyPiiFormat;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Envelope encryption against the local DynamoDB with the local key file: rotation, reading old versions,
 * re-encryption (also while orders keep changing), retiring a version, restart, the earlier direct-key format and
 * the operator's command.
 */
class PiiKeyRotationIT {
    private static final List<String> PERSONAL = List.of("Jamie", "Sunset", "555 0142", "buyer@relay", "tok-");

    private final TestStack stack = TestStack.get();
    private final DynamoDbClient dynamo = stack.env().aws().dynamo();
    private final String ordersTable = stack.tables().get("OrdersTable");
    private final String shopsTable = stack.tables().get("ShopsTable");
    private final String tenant = TestStack.tenant();
    private final String keysTable = PiiKeyTables.create(dynamo);

    @TempDir
    Path data;

    @Test
    void rotationKeepsOldValuesReadableAndReencryptionMovesEveryValueToTheNewVersion() {
        Path keyFile = data.resolve(LocalKeyWrapper.FILE_NAME);
        PiiKeyring keyring = keyring(keyFile, Duration.ofMinutes(5));
        PiiCipher cipher = new PiiCipher(keyring, Map.of());
        OrderRepository orders = orders(cipher);
        ShopRegistry shops = new ShopRegistry(dynamo, shopsTable, cipher, Clock.systemUTC());
        List<Order> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            written.add(orders.create(Orders.sample(tenant), "system:test", "imported"));
        }
        Shop shop = shops.save(shop(tenant));
        Order otherTenants = orders.create(Orders.sample(TestStack.tenant()), "system:test", "imported");
        assertThat(versions(written)).containsOnly(1);
        assertThat(tokenVersions(shop)).containsOnly(1);

        assertThat(keyring.rotate()).isEqualTo(2);
        Order afterRotation = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order changed = orders.update(written.get(0), "user:test", "TAGGED", "tag", null,
                b -> b.tags(Set.of("vip")));
        assertThat(versions(List.of(afterRotation, changed))).containsOnly(2);
        assertThat(versions(written.subList(1, 3))).containsOnly(1);
        for (Order order : written) {
            assertThat(orders.get(tenant, order.orderId()).pii()).isEqualTo(order.pii());
        }

        PiiResealing.Tally tally = orders.resealPii(tenant);
        assertThat(tally).isEqualTo(new PiiResealing.Tally(2, 2, 0, 0));
        assertThat(shops.resealTokens(tenant)).isEqualTo(new PiiResealing.Tally(1, 0, 0, 0));
        List<Order> all = List.of(changed, written.get(1), written.get(2), afterRotation);
        assertThat(versions(all)).containsOnly(2);
        assertThat(tokenVersions(shop)).containsOnly(2);
        assertThat(versions(List.of(otherTenants))).as("another tenant is not touched").containsOnly(1);
        for (Order order : all) {
            Order read = orders.get(tenant, order.orderId());
            assertThat(read.version()).as("re-sealing is no new version").isEqualTo(order.version());
            assertThat(orders.verifyAudit(read).intact()).isTrue();
        }
        assertThat(orders.resealPii(tenant)).as("a second pass has nothing to do")
                .isEqualTo(new PiiResealing.Tally(0, 4, 0, 0));

        dynamo.deleteItem(r -> r.tableName(keysTable).key(Map.of("keySet", AttributeValue.fromS("pii"),
                "version", AttributeValue.fromN("1"))));
        PiiCipher freshProcess = new PiiCipher(keyring(keyFile, Duration.ofMinutes(5)), Map.of());
        OrderRepository freshOrders = orders(freshProcess);
        for (Order order : all) {
            assertThat(freshOrders.get(tenant, order.orderId()).pii()).isEqualTo(order.pii());
        }
        Shop readShop = new ShopRegistry(dynamo, shopsTable, freshProcess, Clock.systemUTC()).find(shop.shopId())
                .orElseThrow();
        assertThat(readShop.accessToken()).isEqualTo(shop.accessToken());
        assertThat(readShop.refreshToken()).isEqualTo(shop.refreshToken());
        assertThatThrownBy(() -> freshOrders.get(otherTenants.tenantId(), otherTenants.orderId()))
                .as("a value still on the removed version no longer opens").hasMessageContaining("version 1");
        assertNoPersonalDataInClear(all, shop);
    }

    @Test
    void theLocalKeyFileIsOwnerOnlyAndDataStaysReadableAfterARestart() throws Exception {
        Path keyFile = data.resolve("folder").resolve(LocalKeyWrapper.FILE_NAME);
        OrderRepository before = orders(new PiiCipher(keyring(keyFile, Duration.ofMinutes(5)), Map.of()));
        Order order = before.create(Orders.sample(tenant), "system:test", "imported");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String content = Files.readString(keyFile);

        OrderRepository restarted = orders(new PiiCipher(keyring(keyFile, Duration.ofMinutes(5)), Map.of()));
        assertThat(restarted.get(tenant, order.orderId()).pii()).isEqualTo(order.pii());
        assertThat(Files.readString(keyFile)).as("the file is kept, not regenerated").isEqualTo(content);

        Path otherFile = data.resolve("other").resolve(LocalKeyWrapper.FILE_NAME);
        OrderRepository otherMasterKey = orders(new PiiCipher(keyring(otherFile, Duration.ofMinutes(5)), Map.of()));
        assertThatThrownBy(() -> otherMasterKey.get(tenant, order.orderId()))
                .hasMessageContaining("authentication");
    }

    @Test
    void valuesOfTheEarlierDirectKeyFormatStayReadableAndReencryptionMovesThemToAVersion() {
        byte[] legacyKey = Base64.getDecoder().decode(PiiCipher.newKey());
        Path keyFile = data.resolve(LocalKeyWrapper.FILE_NAME);
        PiiCipher cipher = new PiiCipher(keyring(keyFile, Duration.ofMinutes(5)), Map.of((byte) 1, legacyKey));
        OrderRepository orders = orders(cipher);
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        byte[] legacy = LegacyPiiFormat.seal(legacyKey, Json.write(order.pii()),
                "order:" + tenant + "#" + order.orderId());
        dynamo.updateItem(r -> r.tableName(ordersTable).key(key(order)).updateExpression("SET pii = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromB(SdkBytes.fromByteArray(legacy)))));
        assertThat(versions(List.of(order))).containsOnly(0);
        assertThat(orders.get(tenant, order.orderId()).pii()).isEqualTo(order.pii());

        assertThat(orders.resealPii(tenant).resealed()).isEqualTo(1);
        assertThat(versions(List.of(order))).containsOnly(1);
        OrderRepository withoutLegacyKey = orders(new PiiCipher(keyring(keyFile, Duration.ofMinutes(5)), Map.of()));
        assertThat(withoutLegacyKey.get(tenant, order.orderId()).pii()).isEqualTo(order.pii());
    }

    @Test
    void reencryptionWhileOrdersKeepChangingLosesNoChangeAndEndsOnTheNewVersion() throws Exception {
        Path keyFile = data.resolve(LocalKeyWrapper.FILE_NAME);
        PiiKeyring keyring = keyring(keyFile, Duration.ofMinutes(5));
        PiiCipher cipher = new PiiCipher(keyring, Map.of());
        OrderRepository orders = orders(cipher);
        List<Order> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            written.add(orders.create(Orders.sample(tenant), "system:test", "imported"));
        }
        PiiKeyring staleProcess = keyring(keyFile, Duration.ofMinutes(5));
        assertThat(staleProcess.current().version()).isEqualTo(1);
        keyring.rotate();
        OrderRepository staleWriter = orders(new PiiCipher(staleProcess, Map.of()));
        int changes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> traffic = pool.submit(() -> {
                for (int round = 0; round < changes; round++) {
                    for (Order order : written) {
                        Order current = staleWriter.get(tenant, order.orderId());
                        Set<String> tags = new HashSet<>(current.tags());
                        tags.add("round-" + round);
                        staleWriter.update(current, "user:test", "TAGGED", "tag", null, b -> b.tags(tags));
                    }
                }
                return null;
            });
            Future<Integer> failures = pool.submit(() -> {
                int failed = 0;
                do {
                    failed += orders.resealPii(tenant).failed();
                } while (!traffic.isDone());
                return failed;
            });
            traffic.get();
            assertThat(failures.get()).isZero();
        } finally {
            pool.shutdownNow();
        }
        PiiResealing.Tally last = orders.resealPii(tenant);
        assertThat(last.complete()).isTrue();
        assertThat(versions(written)).containsOnly(2);
        for (Order order : written) {
            Order read = orders.get(tenant, order.orderId());
            assertThat(read.version()).isEqualTo(1 + changes);
            assertThat(read.tags()).contains("live-drop", "round-0", "round-3");
            assertThat(read.pii()).isEqualTo(order.pii());
            assertThat(orders.verifyAudit(read).intact()).isTrue();
        }
    }

    @Test
    void theOperatorsCommandListsRotatesAndReencryptsATenant() {
        Path keyFile = data.resolve(LocalKeyWrapper.FILE_NAME);
        Env env = stack.env().with(Map.of("PII_KEYS_TABLE", keysTable, "PII_LOCAL_KEY_FILE", keyFile.toString(),
                "SHOPS_TABLE", shopsTable));
        Order order = OrderRepository.fromEnv(env).create(Orders.sample(tenant), "system:test", "imported");
        ShopRegistry.fromEnv(env).save(shop(tenant));
        ShippingSettingsStore settings = new ShippingSettingsStore(dynamo, env.require("SHIPPING_TABLE"),
                PiiCipher.fromEnv(env));
        settings.save(ShippingSettings.none(tenant).withShipFrom(List.of(new ShipFromAddress("home", true,
                ShippingSamples.SHIP_FROM))), 0L, "user:test", Instant.now());

        assertThat(command(env, "status")).contains("version 1 (current)").contains("wrapped by local:");
        assertThat(command(env, "rotate")).contains("version 2 is now current");
        assertThat(command(env, "status")).contains("version 1 ").contains("version 2 (current)");
        String reencrypt = command(env, "reencrypt", "--tenant", tenant);
        assertThat(reencrypt).contains("version 2 is recent")
                .contains("orders resealed 1, already current 0, conflicts 0, failed 0")
                .contains("shops  resealed 1, already current 0, conflicts 0, failed 0")
                .as("the current settings and their first version").contains("ship-from resealed 2, already current 0");
        assertThat(versions(List.of(order))).containsOnly(2);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(env.require("SHIPPING_TABLE")).key(Map.of(
                "pk", AttributeValue.fromS("TENANT#" + tenant), "sk", AttributeValue.fromS("SETTINGS")))).item();
        assertThat(PiiCipher.keyVersion(item.get("shipFrom").b().asByteArray())).isEqualTo(2);
        assertThat(settings.current(tenant).defaultShipFrom().orElseThrow().address())
                .isEqualTo(ShippingSamples.SHIP_FROM);
        assertThat(PiiKeysCommand.run(env, List.of("reencrypt", "--tenant"), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(PiiKeysCommand.run(env, List.of("shred"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))).isEqualTo(2);
    }

    private String command(Env env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PiiKeysCommand.run(env, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private PiiKeyring keyring(Path keyFile, Duration refresh) {
        return new PiiKeyring(dynamo, keysTable, LocalKeyWrapper.open(keyFile), Clock.systemUTC(), refresh, 16);
    }

    private OrderRepository orders(PiiCipher cipher) {
        return new OrderRepository(dynamo, ordersTable, stack.tables().get("AuditLogTable"), cipher,
                Clock.systemUTC());
    }

    private List<Integer> versions(List<Order> orders) {
        return orders.stream().map(order -> PiiCipher.keyVersion(rawOrder(order).get("pii").b().asByteArray()))
                .toList();
    }

    private List<Integer> tokenVersions(Shop shop) {
        Map<String, AttributeValue> item = rawShop(shop);
        return List.of(PiiCipher.keyVersion(item.get("accessToken").b().asByteArray()),
                PiiCipher.keyVersion(item.get("refreshToken").b().asByteArray()));
    }

    private Map<String, AttributeValue> rawOrder(Order order) {
        return dynamo.getItem(r -> r.tableName(ordersTable).key(key(order)).consistentRead(true)).item();
    }

    private Map<String, AttributeValue> rawShop(Shop shop) {
        return dynamo.getItem(r -> r.tableName(shopsTable).consistentRead(true)
                .key(Map.of("shopId", AttributeValue.fromS(shop.shopId())))).item();
    }

    private void assertNoPersonalDataInClear(List<Order> orders, Shop shop) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(orders.stream().map(this::rawOrder).toList());
        items.add(rawShop(shop));
        items.add(dynamo.scan(r -> r.tableName(keysTable)).items().getFirst());
        for (Map<String, AttributeValue> item : items) {
            StringBuilder everything = new StringBuilder(item.toString());
            item.values().stream().filter(value -> value.b() != null)
                    .forEach(value -> everything.append(new String(value.b().asByteArray(),
                            StandardCharsets.ISO_8859_1)));
            for (String personal : PERSONAL) {
                assertThat(everything.toString()).doesNotContain(personal);
            }
        }
    }

    private static Map<String, AttributeValue> key(Order order) {
        return Map.of("tenantId", AttributeValue.fromS(order.tenantId()),
                "orderId", AttributeValue.fromS(order.orderId()));
    }

    private static Shop shop(String tenant) {
        String id = "shop-" + UUID.randomUUID();
        return new Shop(id, tenant, "Test shop", "US", "cipher-1", Shop.Status.AUTHORIZED, "tok-access-" + id,
                Instant.parse("2030-01-01T00:00:00Z"), "tok-refresh-" + id, Instant.parse("2030-06-01T00:00:00Z"));
    }
}
