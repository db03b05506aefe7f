package com.creatorflow.shared.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.testing.TestStack;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Label documents in the local S3 bucket, found through their tenant's Shipping items only. */
class S3LabelStoreIT {
    private static final byte[] PDF = "%PDF-1.7 a label".getBytes(StandardCharsets.US_ASCII);

    private final TestStack stack = TestStack.get();
    private final Env env = stack.env();
    private final S3LabelStore labels = S3LabelStore.fromEnv(env);
    private final String tenant = TestStack.tenant();

    @Test
    void keepsTheDocumentInTheBucketAndOnlyItsKeyInTheItem() throws Exception {
        labels.put(tenant, "576-1", "576-1-1Z999", PDF);

        Map<String, AttributeValue> item = item(tenant, "576-1-1Z999");
        assertThat(item.get("objectKey").s()).isEqualTo("labels/" + tenant + "/576-1/576-1-1Z999.pdf");
        assertThat(item).containsKeys("orderId", "sizeBytes", "storedAt").doesNotContainKey("pdf");
        assertThat(labels.get(tenant, "576-1-1Z999")).hasValue(PDF);

        S3LabelStore.Link link = labels.link(tenant, "576-1-1Z999").orElseThrow();
        assertThat(link.expiresAt()).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(link.url()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PDF);
    }

    @Test
    void anotherTenantFindsNothingAndNoTenantIdReachesIntoAnothersPrefix() {
        labels.put(tenant, "o-1", "o-1-T1", PDF);
        assertThat(labels.get(TestStack.tenant(), "o-1-T1")).isEmpty();
        assertThat(labels.link(TestStack.tenant(), "o-1-T1")).isEmpty();
        assertThat(S3LabelStore.objectKey("a/b", "../c", "d")).isEqualTo("labels/a%2Fb/..%2Fc/d.pdf");
    }

    @Test
    void aVoidedLabelLosesItsDocumentButKeepsItsRecord() {
        labels.put(tenant, "o-2", "o-2-T2", PDF);
        labels.voided(tenant, "o-2-T2");
        labels.voided(tenant, "o-2-T2");
        assertThat(labels.get(tenant, "o-2-T2")).isEmpty();
        assertThat(labels.link(tenant, "o-2-T2")).isEmpty();
        assertThat(env.aws().s3().listObjectsV2(r -> r.bucket(env.require("LABELS_BUCKET"))
                .prefix("labels/" + tenant + "/")).contents()).isEmpty();
        assertThat(item(tenant, "o-2-T2")).containsKeys("objectKey", "voidedAt");
    }

    @Test
    void aDocumentPastRetentionIsAbsentThoughItsItemRemains() {
        labels.put(tenant, "o-3", "o-3-T3", PDF);
        env.aws().s3().deleteObject(r -> r.bucket(env.require("LABELS_BUCKET"))
                .key(S3LabelStore.objectKey(tenant, "o-3", "o-3-T3")));
        assertThat(labels.get(tenant, "o-3-T3")).isEmpty();
        assertThat(labels.link(tenant, "o-3-T3")).isEmpty();
    }

    @Test
    void movesLabelsKeptInlineByEarlierVersionsIntoTheBucket() {
        env.aws().dynamo().putItem(r -> r.tableName(env.require("SHIPPING_TABLE")).item(Map.of(
                "pk", AttributeValue.fromS("TENANT#" + tenant), "sk", AttributeValue.fromS("LABEL#o-4-9400T4"),
                "pdf", AttributeValue.fromB(SdkBytes.fromByteArray(PDF)),
                "contentType", AttributeValue.fromS("application/pdf"))));
        assertThat(labels.get(tenant, "o-4-9400T4")).as("an inline label is not served as it is").isEmpty();

        assertThat(labels.moveInlineLabels()).isPositive();
        assertThat(labels.moveInlineLabels()).as("nothing is left to move").isZero();
        Map<String, AttributeValue> item = item(tenant, "o-4-9400T4");
        assertThat(item).doesNotContainKey("pdf");
        assertThat(item.get("objectKey").s()).isEqualTo("labels/" + tenant + "/o-4/o-4-9400T4.pdf");
        assertThat(labels.get(tenant, "o-4-9400T4")).hasValue(PDF);
    }

    private Map<String, AttributeValue> item(String owner, String labelId) {
        return env.aws().dynamo().getItem(r -> r.tableName(env.require("SHIPPING_TABLE")).key(Map.of(
                "pk", AttributeValue.fromS("TENANT#" + owner), "sk", AttributeValue.fromS("LABEL#" + labelId))))
                .item();
    }
}
