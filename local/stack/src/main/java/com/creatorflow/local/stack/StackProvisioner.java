package com.creatorflow.local.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the template's DynamoDB tables, SQS queues and S3 buckets on the local servers, from their CloudFormation
 * properties: keys, GSIs, TTL, FIFO, visibility timeouts and redrive policies (a bucket's lifecycle rules are applied
 * by {@link BucketExpiry}). Existing tables, queues and buckets are kept, so a restart on durable data is a no-op.
 */
public final class StackProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(StackProvisioner.class);

    private final LocalResolver resolver;

    /** Creates a provisioner that reads the resolver's template. */
    public StackProvisioner(LocalResolver resolver) {
        this.resolver = resolver;
    }

    /** Creates every {@code AWS::DynamoDB::Table}; returns logical id to table name. */
    public Map<String, String> createTables(DynamoDbClient dynamo) {
        Map<String, String> created = new LinkedHashMap<>();
        for (String logicalId : resolver.template().resourcesOfType("AWS::DynamoDB::Table")) {
            String name = resolver.physicalName(logicalId);
            Map<String, Object> properties = CfnTemplate.map(resolver.resolve(
                    resolver.template().properties(logicalId)));
            try {
                dynamo.createTable(tableRequest(name, properties));
                enableTimeToLive(dynamo, name, properties);
                LOG.debug("created table {} ({})", name, logicalId);
            } catch (ResourceInUseException exists) {
                LOG.debug("table {} exists", name);
                enableStream(dynamo, name, properties);
            }
            created.put(logicalId, name);
        }
        return created;
    }

    static CreateTableRequest tableRequest(String name, Map<String, Object> properties) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object raw : CfnTemplate.list(properties.get("AttributeDefinitions"))) {
            Map<String, Object> attribute = CfnTemplate.map(raw);
            attributes.add(AttributeDefinition.builder().attributeName((String) attribute.get("AttributeName"))
                    .attributeType((String) attribute.get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object raw : CfnTemplate.list(properties.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> index = CfnTemplate.map(raw);
            Map<String, Object> projection = CfnTemplate.map(index.get("Projection"));
            List<String> nonKey = new ArrayList<>();
            CfnTemplate.list(projection.get("NonKeyAttributes")).forEach(a -> nonKey.add(String.valueOf(a)));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName((String) index.get("IndexName"))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(Projection.builder()
                            .projectionType((String) projection.getOrDefault("ProjectionType", "ALL"))
                            .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey)
                            .build())
                    .build());
        }
        Map<String, Object> stream = CfnTemplate.map(properties.get("StreamSpecification"));
        return CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(properties.get("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(stream.isEmpty() ? null : StreamSpecification.builder().streamEnabled(true)
                        .streamViewType((String) stream.get("StreamViewType")).build())
                .build();
    }

    private static List<KeySchemaElement> keySchema(Object raw) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object item : CfnTemplate.list(raw)) {
            Map<String, Object> key = CfnTemplate.map(item);
            keys.add(KeySchemaElement.builder().attributeName((String) key.get("AttributeName"))
                    .keyType((String) key.get("KeyType")).build());
        }
        return keys;
    }

    /** A table kept from an earlier run gets the stream the template has added since. */
    private static void enableStream(DynamoDbClient dynamo, String name, Map<String, Object> properties) {
        Map<String, Object> stream = CfnTemplate.map(properties.get("StreamSpecification"));
        if (stream.isEmpty() || dynamo.describeTable(r -> r.tableName(name)).table().latestStreamArn() != null) {
            return;
        }
        dynamo.updateTable(r -> r.tableName(name).streamSpecification(StreamSpecification.builder()
                .streamEnabled(true).streamViewType((String) stream.get("StreamViewType")).build()));
        LOG.info("enabled the {} stream of table {}", stream.get("StreamViewType"), name);
    }

    private static void enableTimeToLive(DynamoDbClient dynamo, String name, Map<String, Object> properties) {
        Map<String, Object> ttl = CfnTemplate.map(properties.get("TimeToLiveSpecification"));
        if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
            dynamo.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(TimeToLiveSpecification.builder()
                    .enabled(true).attributeName((String) ttl.get("AttributeName")).build()));
        }
    }

    /** Creates every {@code AWS::SQS::Queue}, dead-letter queues first; returns logical id to queue URL. */
    public Map<String, String> createQueues(SqsClient sqs) {
        Map<String, String> urls = new LinkedHashMap<>();
        List<String> queues = resolver.template().resourcesOfType("AWS::SQS::Queue");
        for (String logicalId : queues) {
            Map<String, Object> properties = CfnTemplate.map(resolver.resolve(
                    resolver.template().properties(logicalId)));
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            copy(properties, "VisibilityTimeout", attributes, QueueAttributeName.VISIBILITY_TIMEOUT);
            copy(properties, "MessageRetentionPeriod", attributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
            copy(properties, "DelaySeconds", attributes, QueueAttributeName.DELAY_SECONDS);
            copy(properties, "ReceiveMessageWaitTimeSeconds", attributes,
                    QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS);
            copy(properties, "FifoQueue", attributes, QueueAttributeName.FIFO_QUEUE);
            copy(properties, "ContentBasedDeduplication", attributes,
                    QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
            String name = resolver.physicalName(logicalId);
            urls.put(logicalId, createOrUpdateQueue(sqs, name, attributes));
        }
        for (String logicalId : queues) {
            Map<String, Object> redrive = CfnTemplate.map(resolver.resolve(
                    resolver.template().properties(logicalId).get("RedrivePolicy")));
            if (!redrive.isEmpty()) {
                String policy = "{\"deadLetterTargetArn\":\"" + redrive.get("deadLetterTargetArn")
                        + "\",\"maxReceiveCount\":" + redrive.get("maxReceiveCount") + "}";
                sqs.setQueueAttributes(r -> r.queueUrl(urls.get(logicalId))
                        .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, policy)));
            }
        }
        return urls;
    }

    /**
     * Creates the queue, or, when a durable queue of that name was restored with other settings (the template
     * changed since), gives it the template's settings, as a stack update would.
     */
    private static String createOrUpdateQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            Map<QueueAttributeName, String> changeable = new LinkedHashMap<>(attributes);
            changeable.remove(QueueAttributeName.FIFO_QUEUE);
            sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(changeable));
            return url;
        }
    }

    /** Creates every {@code AWS::S3::Bucket}; returns logical id to bucket name. */
    public Map<String, String> createBuckets(S3Client s3) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String logicalId : resolver.template().resourcesOfType("AWS::S3::Bucket")) {
            String name = resolver.physicalName(logicalId);
            try {
                s3.createBucket(r -> r.bucket(name));
                LOG.debug("created bucket {} ({})", name, logicalId);
            } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
                LOG.debug("bucket {} exists", name);
            }
            names.put(logicalId, name);
        }
        return names;
    }

    private static void copy(Map<String, Object> properties, String property,
                             Map<QueueAttributeName, String> attributes, QueueAttributeName attribute) {
        Object value = properties.get(property);
        if (value != null) {
            attributes.put(attribute, String.valueOf(value));
        }
    }
}
