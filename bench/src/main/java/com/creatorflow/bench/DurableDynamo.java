package com.creatorflow.bench;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.StackProvisioner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A Dynoxide on a fresh SQLite file (durable, like the local runtime's) with every table of the template, and the
 * raw conditional PutItem baseline that benchmarks compare their rates with.
 */
final class DurableDynamo implements AutoCloseable {
    private final Dynoxide dynoxide;
    private final DynamoDbClient client;
    private final Map<String, String> tables;

    private DurableDynamo(Dynoxide dynoxide) {
        this.dynoxide = dynoxide;
        this.client = LocalClients.dynamo(dynoxide.endpoint());
        this.tables = new StackProvisioner(new LocalResolver(CfnTemplate.project(), LocalClients.REGION,
                URI.create("http://unused"), Map.of())).createTables(client);
    }

    /** Starts one in a new temporary folder named after the benchmark. */
    static DurableDynamo start(String name) throws IOException {
        return new DurableDynamo(Dynoxide.start(Files.createTempDirectory("bench-" + name).resolve("bench.sqlite"),
                0));
    }

    /** The client. */
    DynamoDbClient client() {
        return client;
    }

    /** A table's local name by logical id. */
    String table(String logicalId) {
        return tables.get(logicalId);
    }

    /** Measures and reports raw conditional PutItem calls (new keys, {@code attribute_not_exists}). */
    LoadRunner.Result rawConditionalPuts(BenchReport report, int threads, double warmupSeconds, double seconds)
            throws Exception {
        return rawConditionalPuts(report, client, table("IdempotencyTable"), threads, warmupSeconds, seconds);
    }

    /**
     * Measures and reports raw conditional PutItem calls (new keys, {@code attribute_not_exists}) on any Dynoxide,
     * for example the local runtime's own.
     *
     * @param table a table whose partition key is the string {@code id}
     */
    static LoadRunner.Result rawConditionalPuts(BenchReport report, DynamoDbClient client, String table, int threads,
                                                double warmupSeconds, double seconds) throws Exception {
        LoadRunner.Result raw = LoadRunner.run(threads, warmupSeconds, seconds, (thread, i) ->
                client.putItem(r -> r.tableName(table)
                        .item(Map.of("id", AttributeValue.fromS("raw-" + thread + "-" + i)))
                        .conditionExpression("attribute_not_exists(id)")));
        report.figure("raw_conditional_put_per_s", raw.perSecond(), "ops/s");
        report.figure("raw_conditional_put_p99", raw.p(99), "ms");
        return raw;
    }

    @Override
    public void close() {
        dynoxide.close();
    }
}
