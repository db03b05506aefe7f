package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Dynoxide's stream records on a durable file: indexed by sequence number, and trimmed without breaking the stream. */
class DynoxideStreamRecordsIT {
    private static final String TABLE = "Changes";

    @Test
    void aDurableDynoxideGetsTheSequenceIndexAndATrimKeepsUnreadAndNewestRecords(@TempDir Path temp)
            throws Exception {
        Path file = temp.resolve("dynamodb.sqlite");
        try (Dynoxide dynoxide = Dynoxide.start(file, 0)) {
            assertThat(indexes(file)).contains("creatorflow_stream_records_by_sequence");
            DynamoDbClient dynamo = LocalClients.dynamo(dynoxide.endpoint());
            createTableWithStream(dynamo);
            DynamoDbStreamsClient streams = LocalClients.dynamoStreams(dynoxide.endpoint());
            for (int i = 0; i < 30; i++) {
                put(dynamo, i);
            }
            List<Record> all = records(streams, dynamo);
            assertThat(all).hasSize(30);
            long twentieth = Long.parseLong(all.get(19).dynamodb().sequenceNumber());
            long last = Long.parseLong(all.get(29).dynamodb().sequenceNumber());

            assertThat(dynoxide.trimStreamRecords(TABLE, last, Instant.now().minus(Duration.ofHours(1))))
                    .as("records younger than the cut-off stay").isZero();
            assertThat(dynoxide.trimStreamRecords(TABLE, twentieth, Instant.now().plusSeconds(60))).isEqualTo(20);
            assertThat(records(streams, dynamo)).extracting(r -> r.dynamodb().sequenceNumber())
                    .containsExactlyElementsOf(all.subList(20, 30).stream()
                            .map(r -> r.dynamodb().sequenceNumber()).toList());

            assertThat(dynoxide.trimStreamRecords(TABLE, last, Instant.now().plusSeconds(60)))
                    .as("the newest record stays, Dynoxide numbers the next one from it").isEqualTo(9);
            put(dynamo, 30);
            List<Record> after = records(streams, dynamo);
            assertThat(after).hasSize(2);
            assertThat(Long.parseLong(after.get(1).dynamodb().sequenceNumber())).isGreaterThan(last);
        }
    }

    private static void createTableWithStream(DynamoDbClient dynamo) {
        dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
    }

    private static void put(DynamoDbClient dynamo, int i) {
        dynamo.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("item-" + i))));
    }

    private static List<Record> records(DynamoDbStreamsClient streams, DynamoDbClient dynamo) {
        String arn = dynamo.describeTable(r -> r.tableName(TABLE)).table().latestStreamArn();
        String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(r -> r.shardIterator(iterator).limit(1000)).records();
    }

    private static List<String> indexes(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rows = connection.createStatement()
                     .executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
