package com.creatorflow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.stack.FreePorts;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.testing.TestStack;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS configuration ({@code PII_KMS_KEY_ID}) really asks KMS for its data keys: KMS here is moto's server on a
 * loopback port (skipped when the machine's Python has no moto), the keys table the local DynamoDB.
 */
class KmsEnvelopeIT {
    private static Process moto;
    private static URI endpoint;

    private final DynamoDbClient dynamo = TestStack.get().env().aws().dynamo();
    private final String keysTable = PiiKeyTables.create(dynamo);
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startMoto() throws Exception {
        Assumptions.assumeTrue(pythonHasMoto(), "moto is not installed for python3");
        int port = FreePorts.pick();
        moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !moto.isAlive()) {
                throw new IllegalStateException("moto's server did not start on port " + port);
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAwsConfigurationWrapsDataKeysWithKmsAndUnwrapsEachVersionOnce() {
        KmsClient kms = kms(endpoint);
        String keyId = kms.createKey(r -> r.description("CreatorFlow PII test key")).keyMetadata().keyId();
        Map<String, String> variables = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local", "AWS_ENDPOINT_URL_KMS", endpoint.toString(),
                "AWS_ENDPOINT_URL_DYNAMODB", TestStack.get().dynoxide().endpoint().toString(),
                "PII_KEYS_TABLE", keysTable, "PII_KMS_KEY_ID", keyId);
        PiiCipher deployed = PiiCipher.fromEnv(Env.of(variables, AwsClients.of(variables)));
        List<byte[]> sealed = List.of(deployed.encrypt("Jamie Rivera", "order:t#1"),
                deployed.encrypt("1200 Sunset Blvd", "order:t#2"), deployed.encrypt("+1 213 555 0142", "order:t#3"));
        Map<String, AttributeValue> stored = dynamo.getItem(r -> r.tableName(keysTable).consistentRead(true)
                .key(Map.of("keySet", AttributeValue.fromS("pii"), "version", AttributeValue.fromN("1")))).item();
        assertThat(stored.get("wrappedBy").s()).isEqualTo(keyId);
        assertThat(stored.get("wrappedKey").b().asByteArray().length).as("a KMS ciphertext blob, not a bare key")
                .isGreaterThan(32);

        PiiKeyring freshProcess = new PiiKeyring(dynamo, keysTable, new KmsKeyWrapper(kms, keyId), Clock.systemUTC(),
                Duration.ofMinutes(5), 16);
        PiiCipher reader = new PiiCipher(freshProcess, Map.of());
        assertThat(reader.decrypt(sealed.get(0), "order:t#1")).isEqualTo("Jamie Rivera");
        assertThat(reader.decrypt(sealed.get(1), "order:t#2")).isEqualTo("1200 Sunset Blvd");
        assertThat(reader.decrypt(sealed.get(2), "order:t#3")).isEqualTo("+1 213 555 0142");
        assertThat(calls).containsExactly("Decrypt");

        assertThat(freshProcess.rotate()).isEqualTo(2);
        assertThat(PiiCipher.keyVersion(reader.encrypt("x", "c"))).isEqualTo(2);
        assertThat(calls).containsExactly("Decrypt", "GenerateDataKey");

        KmsKeyWrapper wrapper = new KmsKeyWrapper(kms, keyId);
        byte[] wrapped = stored.get("wrappedKey").b().asByteArray();
        assertThat(wrapper.unwrap(wrapped, 1)).hasSize(32);
        assertThatThrownBy(() -> wrapper.unwrap(wrapped, 2)).as("the version is KMS's encryption context")
                .hasMessageContaining("InvalidCiphertext");
    }

    @Test
    void withoutKmsAFreshProcessCannotOpenTheDataKey() {
        KmsClient kms = kms(endpoint);
        String keyId = kms.createKey(r -> r.description("CreatorFlow PII test key")).keyMetadata().keyId();
        PiiCipher writer = new PiiCipher(new PiiKeyring(dynamo, keysTable, new KmsKeyWrapper(kms, keyId),
                Clock.systemUTC(), Duration.ofMinutes(5), 16), Map.of());
        byte[] sealed = writer.encrypt("Jamie Rivera", "order:t#1");
        int closedPort = FreePorts.pick();
        PiiCipher cutOff = new PiiCipher(new PiiKeyring(dynamo, keysTable,
                new KmsKeyWrapper(kms(URI.create("http://127.0.0.1:" + closedPort)), keyId), Clock.systemUTC(),
                Duration.ofMinutes(5), 16), Map.of());
        assertThatThrownBy(() -> cutOff.decrypt(sealed, "order:t#1")).isInstanceOf(SdkClientException.class);
        assertThat(writer.decrypt(sealed, "order:t#1")).as("the writer holds its key in memory").isEqualTo(
                "Jamie Rivera");
    }

    private KmsClient kms(URI at) {
        return KmsClient.builder().endpointOverride(at).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.CREDENTIALS)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                        if (!operation.equals("CreateKey")) {
                            calls.add(operation);
                        }
                    }
                })).build();
    }

    private static boolean pythonHasMoto() {
        try {
            Process check = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
