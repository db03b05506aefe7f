package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.shared.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The runtime's trim drops only what every reader of a stream has read and what is past the retention. */
class StreamRecordsTrimIT {
    @Test
    void aTrimDropsRecordsPastRetentionThatEveryReaderHasReadAndNothingElse(@TempDir Path temp) {
        try (Dynoxide dynoxide = Dynoxide.start(temp.resolve("dynamodb.sqlite"), 0)) {
            DynamoDbClient dynamo = LocalClients.dynamo(dynoxide.endpoint());
            dynamo.createTable(r -> r.tableName("Audit").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            for (int i = 0; i < 6; i++) {
                int n = i;
                dynamo.putItem(r -> r.tableName("Audit").item(Map.of("pk", AttributeValue.fromS("e-" + n))));
            }
            List<String> sequences = sequences(LocalClients.dynamoStreams(dynoxide.endpoint()), dynamo);
            StreamCheckpoints checkpoints = StreamCheckpoints.at(null);
            checkpoints.put("Feed|Audit|shard", sequences.get(4));
            checkpoints.put("Counts|Audit|shard", sequences.get(2));
            MutableClock clock = new MutableClock(Instant.now());
            try (StreamRecordsTrim trim = StreamRecordsTrim.start(dynoxide, checkpoints,
                    Map.of("Audit", List.of("Feed", "Counts")), clock, Duration.ofDays(1))) {
                assertThat(trim.run()).as("nothing is past the 24-hour retention yet").isZero();
                clock.advance(Duration.ofHours(25));
                assertThat(trim.run()).as("the three records the slower reader has read").isEqualTo(3);
                assertThat(sequences(LocalClients.dynamoStreams(dynoxide.endpoint()), dynamo))
                        .containsExactlyElementsOf(sequences.subList(3, 6));
            }
        }
    }

    private static List<String> sequences(DynamoDbStreamsClient streams, DynamoDbClient dynamo) {
        String arn = dynamo.describeTable(r -> r.tableName("Audit")).table().latestStreamArn();
        String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(r -> r.shardIterator(iterator)).records().stream()
                .map(record -> record.dynamodb().sequenceNumber()).toList();
    }
}
