package com.creatorflow.shared.shipping;

import com.creatorflow.shared.config.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Label PDFs (they hold the buyer's name and address) as objects of the labels bucket under
 * {@code labels/<tenant>/<orderId>/<labelId>.pdf} (each part URL-encoded, so no tenant's prefix holds another's),
 * encrypted with SSE-KMS under the PII key when {@code PII_KMS_KEY_ID} is set. The ShippingTable keeps per label
 * ({@code pk = TENANT#<id>}, {@code sk = LABEL#<labelId>}) only the object key and metadata, never the bytes, so a
 * label is only ever found under its tenant's key. Creators download through short-lived pre-signed URLs; the
 * bucket's lifecycle rule deletes objects after the retention period (see docs/shipping.md).
 */
public final class S3LabelStore {
    /** How long a download link works unless {@code LABEL_LINK_TTL_SECONDS} says otherwise. */
    public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofMinutes(5);
    private static final String PDF = "application/pdf";

    private final DynamoDbClient dynamo;
    private final String table;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Optional<String> kmsKeyId;
    private final Duration linkLifetime;
    private final Clock clock;

    /**
     * A pre-signed download URL and when it stops working.
     *
     * @param url the URL (carries its signature; give it only to the label's owner)
     * @param expiresAt when S3 stops honouring it
     */
    public record Link(URI url, Instant expiresAt) {
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     * @param s3 the S3 client
     * @param presigner signs download URLs
     * @param bucket the labels bucket
     * @param kmsKeyId the KMS key objects are encrypted under, if any (else the bucket's default encryption)
     * @param linkLifetime how long a download URL works
     * @param clock the clock stamped on stored labels
     */
    public S3LabelStore(DynamoDbClient dynamo, String table, S3Client s3, S3Presigner presigner, String bucket,
                        Optional<String> kmsKeyId, Duration linkLifetime, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.kmsKeyId = kmsKeyId;
        this.linkLifetime = linkLifetime;
        this.clock = clock;
    }

    /** The store wired from {@code SHIPPING_TABLE}, {@code LABELS_BUCKET}, {@code PII_KMS_KEY_ID} and
     * {@code LABEL_LINK_TTL_SECONDS}. */
    public static S3LabelStore fromEnv(Env env) {
        return new S3LabelStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"), env.aws().s3(),
                env.aws().s3Presigner(), env.require("LABELS_BUCKET"), env.optional("PII_KMS_KEY_ID"),
                env.getSeconds("LABEL_LINK_TTL_SECONDS", DEFAULT_LINK_LIFETIME), Clock.systemUTC());
    }

    /** The object key of a label: tenant, then order, then label, so one prefix holds one tenant's labels. */
    public static String objectKey(String tenantId, String orderId, String labelId) {
        return "labels/" + encode(tenantId) + "/" + encode(orderId) + "/" + encode(labelId) + ".pdf";
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    private static Map<String, AttributeValue> itemKey(String tenantId, String labelId) {
        return Map.of("pk", AttributeValue.fromS(ShippingStore.tenantKey(tenantId)),
                "sk", AttributeValue.fromS("LABEL#" + labelId));
    }

    /** Stores (or replaces) an order's label document: the object first, then the item that points at it. */
    public void put(String tenantId, String orderId, String labelId, byte[] pdf) {
        String key = objectKey(tenantId, orderId, labelId);
        putObject(key, labelId, pdf);
        Map<String, AttributeValue> item = new HashMap<>(itemKey(tenantId, labelId));
        item.put("objectKey", AttributeValue.fromS(key));
        item.put("orderId", AttributeValue.fromS(orderId));
        item.put("contentType", AttributeValue.fromS(PDF));
        item.put("sizeBytes", AttributeValue.fromN(Integer.toString(pdf.length)));
        item.put("storedAt", AttributeValue.fromS(clock.instant().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private void putObject(String key, String labelId, byte[] pdf) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(PDF)
                .cacheControl("private, no-store")
                .contentDisposition("inline; filename=\"label-" + labelId + ".pdf\"");
        kmsKeyId.ifPresent(id -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id)
                .bucketKeyEnabled(true));
        s3.putObject(request.build(), RequestBody.fromBytes(pdf));
    }

    /** The object key of a part (or, named {@code labels}, the whole) of a bulk job's printed labels. */
    public static String bulkKey(String tenantId, String jobId, String name) {
        return bulkPrefix(tenantId, jobId) + encode(name) + ".pdf";
    }

    private static String bulkPrefix(String tenantId, String jobId) {
        return "bulk/" + encode(tenantId) + "/" + encode(jobId) + "/";
    }

    /** Stores a bulk job's printed labels (a part, or the merged whole) under its key. */
    public void putBulk(String key, byte[] pdf) {
        putObject(key, key.substring(key.lastIndexOf('/') + 1, key.length() - ".pdf".length()), pdf);
    }

    /** The parts a bulk job printed, in key order (chunk, then position), without the merged whole. */
    public List<byte[]> bulkParts(String tenantId, String jobId) {
        String whole = bulkKey(tenantId, jobId, "labels");
        List<byte[]> parts = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(bulkPrefix(tenantId, jobId))).contents().stream()
                .map(S3Object::key).filter(key -> !key.equals(whole)).sorted()
                .forEach(key -> parts.add(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()));
        return parts;
    }

    /** A short-lived download URL of a stored object (a bulk job's merged labels). */
    public Link objectLink(String key) {
        var signed = presigner.presignGetObject(r -> r.signatureDuration(linkLifetime)
                .getObjectRequest(g -> g.bucket(bucket).key(key)));
        try {
            return new Link(signed.url().toURI(), signed.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("S3 signed an invalid URL", e);
        }
    }

    /** A tenant's label document; absent for another tenant's label, a voided one, or one past retention. */
    public Optional<byte[]> get(String tenantId, String labelId) {
        return storedKey(tenantId, labelId).flatMap(key -> absentWhenMissing(() ->
                s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()));
    }

    /** A short-lived download URL of a tenant's label; absent as for {@link #get}. */
    public Optional<Link> link(String tenantId, String labelId) {
        return storedKey(tenantId, labelId)
                .filter(key -> absentWhenMissing(() -> s3.headObject(r -> r.bucket(bucket).key(key))).isPresent())
                .map(this::objectLink);
    }

    /**
     * Deletes the document of a voided label (nobody may print it again, and it holds personal data) and stamps
     * {@code voidedAt} on its item, which keeps the key and metadata as a record. Repeating it changes nothing.
     */
    public void voided(String tenantId, String labelId) {
        Optional<String> key = storedKey(tenantId, labelId);
        if (key.isEmpty()) {
            return;
        }
        s3.deleteObject(r -> r.bucket(bucket).key(key.get()));
        dynamo.updateItem(r -> r.tableName(table).key(itemKey(tenantId, labelId))
                .updateExpression("SET voidedAt = :now")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(clock.instant().toString()))));
    }

    /**
     * Moves labels that earlier versions kept inline in their item ({@code pdf}, bytes) into the bucket and leaves
     * the item with the key only. The order id is the label id up to its last dash (label ids are
     * {@code <orderId>-<trackingNumber>}, and tracking numbers have no dash). Safe to repeat; returns how many moved.
     */
    public int moveInlineLabels() {
        int moved = 0;
        var pages = dynamo.scanPaginator(r -> r.tableName(table).filterExpression("attribute_exists(pdf)"));
        for (Map<String, AttributeValue> item : pages.items()) {
            String tenantId = item.get("pk").s().substring("TENANT#".length());
            String labelId = item.get("sk").s().substring("LABEL#".length());
            String orderId = labelId.substring(0, Math.max(labelId.lastIndexOf('-'), 0));
            String key = objectKey(tenantId, orderId, labelId);
            byte[] pdf = item.get("pdf").b().asByteArray();
            putObject(key, labelId, pdf);
            try {
                dynamo.updateItem(r -> r.tableName(table).key(itemKey(tenantId, labelId))
                        .conditionExpression("attribute_exists(pdf)")
                        .updateExpression("SET objectKey = :key, orderId = :order, sizeBytes = :size REMOVE pdf")
                        .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(key),
                                ":order", AttributeValue.fromS(orderId),
                                ":size", AttributeValue.fromN(Integer.toString(pdf.length)))));
                moved++;
            } catch (ConditionalCheckFailedException alreadyMoved) {
                // another process moved it meanwhile; the object it wrote is the same document
            }
        }
        return moved;
    }

    /** The object key of a live label of the tenant, from its item. */
    private Optional<String> storedKey(String tenantId, String labelId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(itemKey(tenantId, labelId)));
        if (!response.hasItem() || response.item().isEmpty() || response.item().containsKey("voidedAt")
                || !response.item().containsKey("objectKey")) {
            return Optional.empty();
        }
        return Optional.of(response.item().get("objectKey").s());
    }

    private static <T> Optional<T> absentWhenMissing(java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
