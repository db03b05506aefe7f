package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.crypto.LocalKeyWrapper;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.LegacyPiiFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local runtime's PII keys: the key file is created in the data folder on first start, a data folder of the
 * earlier direct-key format stays readable, {@code ./creatorflow pii} rotates and re-encrypts against the running
 * runtime, and everything is still readable through the API after a restart.
 */
class PiiKeysLocalIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void anOldDataFolderStaysReadableAndRotationAndReencryptionSurviveARestart() throws Exception {
        String legacyKey = PiiCipher.newKey();
        Files.writeString(data.resolve("secrets.json"), Json.write(Map.of("piiKey", legacyKey,
                "jwtSecret", "an-older-shared-token-secret", "tiktokAppKey", "cf-local-app",
                "tiktokAppSecret", "local-secret")));
        String tenant = "tenant-" + System.nanoTime();
        Order legacyOrder;
        Order newOrder;
        String keyFile;
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data))) {
            keyFile = Files.readString(data.resolve(LocalKeyWrapper.FILE_NAME));
            OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("CreatorApiFunction").env());
            legacyOrder = orders.create(Orders.sample(tenant), "system:test", "imported");
            writeLegacyPii(runtime, legacyOrder, legacyKey);
            newOrder = orders.create(Orders.sample(tenant), "system:test", "imported");
            assertThat(pii(runtime, legacyOrder)).isEqualTo(0);
            assertThat(pii(runtime, newOrder)).isEqualTo(1);
            assertReadableThroughTheApi(runtime, tenant, legacyOrder, newOrder);

            String port = Integer.toString(runtime.dynamoEndpoint().getPort());
            assertThat(command("--data-dir", data.toString(), "--dynamodb-port", port, "rotate"))
                    .contains("version 2 is now current");
            assertThat(command("--data-dir", data.toString(), "--dynamodb-port", port, "reencrypt"))
                    .contains("re-encrypted to version 2 for every tenant");
            assertThat(pii(runtime, legacyOrder)).isEqualTo(2);
            assertThat(pii(runtime, newOrder)).isEqualTo(2);
        }
        assertThat(Files.getPosixFilePermissions(data.resolve(LocalKeyWrapper.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        try (LocalRuntime restarted = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data))) {
            assertThat(Files.readString(data.resolve(LocalKeyWrapper.FILE_NAME))).isEqualTo(keyFile);
            assertReadableThroughTheApi(restarted, tenant, legacyOrder, newOrder);
        }
    }

    @Test
    void theCommandExplainsWhatIsMissing() {
        assertThat(run("--data-dir", data.resolve("never-started").toString(), "status"))
                .contains("start the runtime on this data folder first");
        assertThat(run("--bogus")).contains("usage: ./creatorflow pii");
    }

    private static void assertReadableThroughTheApi(LocalRuntime runtime, String tenant, Order... orders)
            throws Exception {
        String token = Json.tree(HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        for (Order order : orders) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl()
                    .resolve("/v1/orders/" + order.orderId())).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("1200 Sunset Blvd");
        }
    }

    /** Replaces an order's sealed personal data by the same data in the earlier format, under the legacy key. */
    private static void writeLegacyPii(LocalRuntime runtime, Order order, String legacyKey) {
        byte[] legacy = LegacyPiiFormat.seal(Base64.getDecoder().decode(legacyKey), Json.write(order.pii()),
                "order:" + order.tenantId() + "#" + order.orderId());
        runtime.aws().dynamo().updateItem(r -> r.tableName(runtime.tables().get("OrdersTable")).key(key(order))
                .updateExpression("SET pii = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromB(SdkBytes.fromByteArray(legacy)))));
    }

    private static int pii(LocalRuntime runtime, Order order) {
        return PiiCipher.keyVersion(runtime.aws().dynamo().getItem(r -> r.tableName(runtime.tables()
                .get("OrdersTable")).key(key(order)).consistentRead(true)).item().get("pii").b().asByteArray());
    }

    private static Map<String, AttributeValue> key(Order order) {
        return Map.of("tenantId", AttributeValue.fromS(order.tenantId()),
                "orderId", AttributeValue.fromS(order.orderId()));
    }

    private static String command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PiiCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PiiCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
