package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The embedded S3Proxy: signed access only, pre-signed URLs that expire, encrypted files, durable on disk; the
 * template's buckets and their expiration rules.
 */
class LocalS3IT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "a-test-secret";
    private static final String PLAINTEXT = "Jane Buyer, 12 Secret Lane";

    @Test
    void storesObjectsEncryptedOnDiskAndKeepsThemAcrossARestart(@TempDir Path dir) throws IOException {
        try (LocalS3 s3 = LocalS3.start(0, dir, SECRET); S3Client client = LocalClients.s3(s3.endpoint())) {
            client.createBucket(r -> r.bucket("labels"));
            client.putObject(r -> r.bucket("labels").key("labels/t1/o1/l1.pdf").contentType("application/pdf"),
                    RequestBody.fromString(PLAINTEXT));
            assertThat(client.getObjectAsBytes(r -> r.bucket("labels").key("labels/t1/o1/l1.pdf")).asUtf8String())
                    .isEqualTo(PLAINTEXT);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("Jane");
        }
        try (LocalS3 s3 = LocalS3.start(0, dir, SECRET); S3Client client = LocalClients.s3(s3.endpoint())) {
            assertThat(client.getObjectAsBytes(r -> r.bucket("labels").key("labels/t1/o1/l1.pdf")).asUtf8String())
                    .isEqualTo(PLAINTEXT);
            assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket("labels").key("labels/t1/o1/none.pdf")))
                    .isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void servesPreSignedUrlsUntilTheyExpireAndNothingUnsigned() throws Exception {
        try (LocalS3 s3 = LocalS3.start(0, null, SECRET); S3Client client = LocalClients.s3(s3.endpoint());
             S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint())
                     .region(Region.of(LocalClients.REGION)).credentialsProvider(LocalClients.CREDENTIALS)
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                     .build()) {
            client.createBucket(r -> r.bucket("labels"));
            client.putObject(r -> r.bucket("labels").key("a.pdf"), RequestBody.fromString(PLAINTEXT));
            URI url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(2))
                    .getObjectRequest(g -> g.bucket("labels").key("a.pdf"))).url().toURI();
            HttpResponse<String> fresh = HTTP.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fresh.statusCode()).isEqualTo(200);
            assertThat(fresh.body()).isEqualTo(PLAINTEXT);

            URI unsigned = URI.create(s3.endpoint() + "/labels/a.pdf");
            assertThat(HTTP.send(HttpRequest.newBuilder(unsigned).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);

            Thread.sleep(3_000);
            assertThat(HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void createsTheTemplatesBucketsAndExpiresObjectsByTheirLifecycleRule() {
        LocalResolver resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION,
                URI.create("http://127.0.0.1:1"), Map.of("LabelRetentionDays", "2"));
        try (LocalS3 s3 = LocalS3.start(0, null, SECRET); S3Client client = LocalClients.s3(s3.endpoint())) {
            StackProvisioner provisioner = new StackProvisioner(resolver);
            Map<String, String> buckets = provisioner.createBuckets(client);
            assertThat(buckets).containsEntry("LabelsBucket", "labelsbucket").containsKey("DashboardBucket");
            assertThat(provisioner.createBuckets(client)).as("a second run keeps the buckets").isEqualTo(buckets);
            assertThat(BucketExpiry.rules(resolver)).containsExactly(new BucketExpiry.Rule("labelsbucket", "", 2));

            client.putObject(r -> r.bucket("labelsbucket").key("labels/t/o/l.pdf"), RequestBody.fromString("x"));
            Instant now = Instant.now();
            try (BucketExpiry expiry = BucketExpiry.start(BucketExpiry.rules(resolver), client, Clock.fixed(now, ZoneOffset.UTC),
                    Duration.ofDays(1))) {
                assertThat(expiry.sweep(now.plus(Duration.ofDays(1)))).isZero();
                assertThat(keys(client)).containsExactly("labels/t/o/l.pdf");
                assertThat(expiry.sweep(now.plus(Duration.ofDays(3)))).isEqualTo(1);
                assertThat(keys(client)).isEmpty();
            }
        }
    }

    private static List<String> keys(S3Client client) {
        return client.listObjectsV2(r -> r.bucket("labelsbucket")).contents().stream().map(S3Object::key).toList();
    }
}
