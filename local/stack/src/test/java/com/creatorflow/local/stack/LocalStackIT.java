package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalStackIT {
    private static Dynoxide dynoxide;
    private static LocalSqs sqs;
    private static DynamoDbClient dynamo;
    private static SqsClient sqsClient;
    private static LocalResolver resolver;

    @BeforeAll
    static void start() {
        dynoxide = Dynoxide.startInMemory();
        sqs = LocalSqs.start(0, LocalClients.REGION);
        dynamo = LocalClients.dynamo(dynoxide.endpoint());
        sqsClient = LocalClients.sqs(sqs.endpoint());
        resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION, sqs.endpoint(), Map.of());
    }

    @AfterAll
    static void stop() {
        try {
            dynoxide.close();
        } finally {
            sqs.close();
        }
    }

    @Test
    void createsEveryTableOfTheTemplateWithItsIndexes() {
        Map<String, String> tables = new StackProvisioner(resolver).createTables(dynamo);
        assertThat(tables).containsKeys("OrdersTable", "AuditLogTable", "InventoryTable", "IdempotencyTable");
        var orders = dynamo.describeTable(r -> r.tableName(tables.get("OrdersTable"))).table();
        assertThat(orders.globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder("byState", "byUpdated", "byCreated", "byStateCreated", "byPaid");
        // a second run on existing tables changes nothing and does not fail
        assertThat(new StackProvisioner(resolver).createTables(dynamo)).isEqualTo(tables);
    }

    @Test
    void createsQueuesWithTheirDeadLetterQueues() {
        Map<String, String> urls = new StackProvisioner(resolver).createQueues(sqsClient);
        assertThat(urls).containsKeys("OrderSyncQueue", "OrderSyncDLQ");
        var attributes = sqsClient.getQueueAttributes(r -> r.queueUrl(urls.get("OrderSyncQueue"))
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("OrderSyncDLQ").contains("5");
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("180");
    }

    @Test
    void aKeptQueueWithOtherSettingsTakesTheTemplates() {
        try (LocalSqs other = LocalSqs.start(0, LocalClients.REGION)) {
            SqsClient client = LocalClients.sqs(other.endpoint());
            LocalResolver otherResolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION,
                    other.endpoint(), Map.of());
            String kept = client.createQueue(r -> r.queueName(otherResolver.physicalName("OrderSyncQueue"))
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
            assertThat(new StackProvisioner(otherResolver).createQueues(client)).containsEntry("OrderSyncQueue", kept);
            assertThat(client.getQueueAttributes(r -> r.queueUrl(kept).attributeNames(QueueAttributeName.ALL))
                    .attributes()).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "180")
                    .hasEntrySatisfying(QueueAttributeName.REDRIVE_POLICY, p -> assertThat(p).contains("OrderSyncDLQ"));
        }
    }

    @Test
    void dynoxideRefusesAConditionalTransactionAndAppliesNothing() {
        dynamo.createTable(StackProvisioner.tableRequest("TxProbe", Map.of(
                "AttributeDefinitions", List.of(Map.of("AttributeName", "id", "AttributeType", "S")),
                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")))));
        dynamo.putItem(r -> r.tableName("TxProbe").item(Map.of("id", s("a"), "v", n(1))));
        assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(
                t -> t.put(p -> p.tableName("TxProbe").item(Map.of("id", s("b"), "v", n(1)))),
                t -> t.update(u -> u.tableName("TxProbe").key(Map.of("id", s("a")))
                        .updateExpression("SET v = :n").conditionExpression("v = :old")
                        .expressionAttributeValues(Map.of(":n", n(3), ":old", n(2)))))))
                .isInstanceOf(TransactionCanceledException.class);
        assertThat(dynamo.getItem(r -> r.tableName("TxProbe").key(Map.of("id", s("b")))).hasItem()).isFalse();
    }

    @Test
    void durableDataSurvivesARestart(@TempDir Path dir) {
        Path db = dir.resolve("data.sqlite");
        try (Dynoxide first = Dynoxide.start(db, 0)) {
            DynamoDbClient client = LocalClients.dynamo(first.endpoint());
            new StackProvisioner(resolver).createTables(client);
            client.putItem(r -> r.tableName("IdempotencyTable").item(Map.of("id", s("kept"))));
        }
        assertThat(Files.exists(db)).isTrue();
        try (Dynoxide second = Dynoxide.start(db, 0)) {
            DynamoDbClient client = LocalClients.dynamo(second.endpoint());
            assertThat(client.getItem(r -> r.tableName("IdempotencyTable").key(Map.of("id", s("kept"))))
                    .hasItem()).isTrue();
        }
    }

    @Test
    void aTakenPortIsNamedInTheError() {
        assertThatThrownBy(() -> Dynoxide.start(null, dynoxide.port()))
                .isInstanceOf(PortInUseException.class).hasMessageContaining(String.valueOf(dynoxide.port()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
