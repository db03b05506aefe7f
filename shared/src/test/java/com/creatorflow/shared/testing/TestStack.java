package com.creatorflow.shared.testing;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalS3;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.local.stack.StackProvisioner;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.LocalKeyWrapper;
import com.creatorflow.shared.http.ApiGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One in-memory Dynoxide, ElasticMQ and S3Proxy per test JVM, with every table, queue and bucket of template.yaml,
 * and an {@link Env} wired to them the way the local runtime wires a function. Tests isolate themselves with fresh tenant
 * ids ({@link #tenant()}), so they can share the servers and run in any order.
 */
public final class TestStack {
    private static TestStack instance;

    private final Dynoxide dynoxide;
    private final LocalSqs sqs;
    private final LocalS3 s3;
    private final Env env;
    private final Map<String, String> tables;
    private final Map<String, String> queues;
    private final Map<String, String> buckets;

    private TestStack() {
        dynoxide = Dynoxide.startInMemory();
        sqs = LocalSqs.start(0, LocalClients.REGION);
        Runtime.getRuntime().addShutdownHook(new Thread(sqs::close, "elasticmq-shutdown"));
        s3 = LocalS3.start(0, null, "test-stack-storage-secret");
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "s3proxy-shutdown"));
        LocalResolver resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION, sqs.endpoint(),
                Map.of());
        StackProvisioner provisioner = new StackProvisioner(resolver);
        tables = provisioner.createTables(LocalClients.dynamo(dynoxide.endpoint()));
        queues = provisioner.createQueues(LocalClients.sqs(sqs.endpoint()));
        buckets = provisioner.createBuckets(LocalClients.s3(s3.endpoint()));
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", LocalClients.REGION);
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", dynoxide.endpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        variables.put("PII_KEYS_TABLE", tables.get("PiiKeysTable"));
        variables.put("PII_LOCAL_KEY_FILE", localKeyFile().toString());
        variables.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        variables.put("ORDERS_TABLE", tables.get("OrdersTable"));
        variables.put("AUDIT_TABLE", tables.get("AuditLogTable"));
        variables.put("INVENTORY_TABLE", tables.get("InventoryTable"));
        variables.put("SHIPPING_TABLE", tables.get("ShippingTable"));
        variables.put("LABELS_BUCKET", buckets.get("LabelsBucket"));
        variables.put("IDEMPOTENCY_TABLE", tables.get("IdempotencyTable"));
        variables.put("RULES_TABLE", tables.get("RulesTable"));
        variables.put("AFTERSALES_TABLE", tables.get("AfterSalesTable"));
        variables.put("ORDER_SYNC_QUEUE_URL", queues.get("OrderSyncQueue"));
        variables.put("RATE_LIMIT_TABLE", tables.get("RateLimitTable"));
        variables.put("TEAM_TABLE", tables.get("TeamTable"));
        // The event fixtures share one Authorization header and no jti: per token, every test of a JVM would count
        // as one caller. The per-token limit has its own tests (ApiGuardIT).
        variables.put("API_TOKEN_RATE_LIMIT_PER_SECOND", "1000000");
        variables.put("WORKFLOW_WAITS_TABLE", tables.get("WorkflowWaitsTable"));
        env = Env.of(variables, AwsClients.of(variables));
    }

    /** A local key file (the local runtime's stand-in for KMS) in a folder removed when the JVM exits. */
    private static Path localKeyFile() {
        try {
            Path folder = Files.createTempDirectory("creatorflow-keys");
            folder.toFile().deleteOnExit();
            Path file = folder.resolve(LocalKeyWrapper.FILE_NAME);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared stack, started on first use. */
    public static synchronized TestStack get() {
        if (instance == null) {
            instance = new TestStack();
        }
        return instance;
    }

    /** The environment a function would get, pointing at the local servers. */
    public Env env() {
        return env;
    }

    /** Table names by logical id. */
    public Map<String, String> tables() {
        return tables;
    }

    /** Queue URLs by logical id. */
    public Map<String, String> queues() {
        return queues;
    }

    /** The local DynamoDB server. */
    public Dynoxide dynoxide() {
        return dynoxide;
    }

    /** The local SQS server. */
    public LocalSqs sqs() {
        return sqs;
    }

    /** The local S3 server. */
    public LocalS3 s3() {
        return s3;
    }

    /** Bucket names by logical id. */
    public Map<String, String> buckets() {
        return buckets;
    }

    /** The API guard of a function with the default rate limits. */
    public ApiGuard apiGuard() {
        return ApiGuard.fromEnv(env);
    }

    /** A tenant id no other test uses. */
    public static String tenant() {
        return "tenant-" + UUID.randomUUID();
    }
}
