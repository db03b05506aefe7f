package com.creatorflow.bench;

import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.LocalClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * The AWS SDK's HTTP clients against each other on the same DynamoDB calls to a local Dynoxide: the URL connection
 * client (what the Lambda functions use) and Apache's (what the local runtime shares, {@link LocalClients#http()}).
 * Rounds alternate between the clients so that both see the same JIT and machine; the first rounds warm up and are
 * not reported. Per client: calls/s and the JVM's CPU per call (the SDK's marshalling, signing and HTTP path).
 */
public final class HttpClientsBenchmark implements Benchmark {
    private static final String TABLE = "http-clients";
    private static final int THREADS = 4;
    private static final int ITEMS = 100;
    private static final String DOCUMENT = "x".repeat(2_000);

    @Override
    public String name() {
        return "http-clients";
    }

    @Override
    public String description() {
        return "AWS SDK HTTP clients (URL connection vs Apache) on DynamoDB calls: calls/s and JVM CPU per call";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        int calls = Integer.getInteger("http-clients.calls", 6_000);
        int warmups = Integer.getInteger("http-clients.warmups", 3);
        int rounds = Integer.getInteger("http-clients.rounds", 3);
        try (Dynoxide dynoxide = Dynoxide.startInMemory()) {
            DynamoDbClient setup = LocalClients.dynamo(dynoxide.endpoint());
            setup.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            for (int i = 0; i < ITEMS; i++) {
                put(setup, i);
            }
            Map<String, DynamoDbClient> clients = new LinkedHashMap<>();
            clients.put("url_connection", client(dynoxide, UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(30)).build()));
            clients.put("apache", client(dynoxide, LocalClients.http()));
            Map<String, double[]> totals = new LinkedHashMap<>();
            clients.keySet().forEach(name -> totals.put(name, new double[2]));
            for (int round = 0; round < warmups + rounds; round++) {
                for (Map.Entry<String, DynamoDbClient> client : clients.entrySet()) {
                    double[] measured = round(client.getValue(), calls);
                    if (round >= warmups) {
                        totals.get(client.getKey())[0] += measured[0] / rounds;
                        totals.get(client.getKey())[1] += measured[1] / rounds;
                    }
                }
            }
            totals.forEach((name, figures) -> {
                report.figure(name + "_calls_per_s", figures[0], "calls/s");
                report.figure(name + "_jvm_cpu_us_per_call", figures[1], "us");
            });
            report.figure("ratio_apache_to_url_connection_cpu", totals.get("apache")[1]
                    / totals.get("url_connection")[1], "x");
            report.note(THREADS + " threads, " + calls + " calls a round (3 GetItem to 1 PutItem of a 2 KB item), "
                    + warmups + " warm-up rounds then " + rounds + " measured rounds per client, alternating");
        }
    }

    private static DynamoDbClient client(Dynoxide dynoxide, SdkHttpClient http) {
        return DynamoDbClient.builder().endpointOverride(dynoxide.endpoint()).region(Region.of(LocalClients.REGION))
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(http).build();
    }

    private static void put(DynamoDbClient dynamo, int key) {
        dynamo.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("k" + key),
                "doc", AttributeValue.fromS(DOCUMENT))));
    }

    /** One round: calls/s and JVM CPU microseconds per call. */
    private static double[] round(DynamoDbClient dynamo, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            Duration cpuBefore = CpuMeter.jvm();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < calls / THREADS; i++) {
                        int key = i % ITEMS;
                        if (i % 4 == 0) {
                            put(dynamo, key);
                        } else {
                            dynamo.getItem(r -> r.tableName(TABLE).consistentRead(true)
                                    .key(Map.of("pk", AttributeValue.fromS("k" + key))));
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicros = CpuMeter.jvm().minus(cpuBefore).toNanos() / 1e3;
            return new double[] {calls / seconds, cpuMicros / calls};
        } finally {
            pool.shutdownNow();
        }
    }
}
