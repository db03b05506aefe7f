package com.creatorflow.local.stack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Plain AWS SDK v2 clients pointed at local servers with dummy credentials, for provisioning and tests. */
public final class LocalClients {
    /** The region every local resource lives in. */
    public static final String REGION = "us-east-1";
    /** Credentials the local servers accept (they do not check them). */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalClients() {
    }

    /** A DynamoDB client for a local endpoint. */
    public static DynamoDbClient dynamo(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(http()).build();
    }

    /** A DynamoDB Streams client for a local endpoint (Dynoxide serves streams on the same port). */
    public static DynamoDbStreamsClient dynamoStreams(URI endpoint) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(http()).build();
    }

    /** An SQS client for a local endpoint. */
    public static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(http()).build();
    }

    /**
     * An S3 client for a local endpoint: path-style addressing (bucket names in the path), and checksums only where
     * S3 requires them, as S3Proxy 2 reads signed chunked uploads but not their checksum trailers.
     */
    public static S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).httpClient(http()).build();
    }

    /**
     * The HTTP client every local SDK client of this JVM shares: Apache's, with a pool of kept-alive connections to
     * the loopback servers. Per call it costs about a third less CPU than the URL connection client, which probes
     * each kept-alive connection with a read that times out (bench/HttpClients). It is never closed: its
     * connections end with the JVM, and the SDK does not close an HTTP client it was given.
     */
    public static SdkHttpClient http() {
        return SharedHttp.CLIENT;
    }

    private static final class SharedHttp {
        static final SdkHttpClient CLIENT = Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30)).maxConnections(256).build();
    }
}
