package com.creatorflow.shared.aws;

import com.amazonaws.xray.interceptors.TracingInterceptor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK v2 clients built once per configuration and shared. The region comes from {@code AWS_REGION}; endpoints
 * can be overridden with the SDK's standard variables ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code
 * AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_SFN}, {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, {@code
 * AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL_KMS}, {@code AWS_ENDPOINT_URL_S3}, or {@code
 * AWS_ENDPOINT_URL} for all), which is how the local runtime points the very same code at its local servers. X-Ray
 * tracing is added where the X-Ray daemon is configured (Lambda with active tracing).
 */
public final class AwsClients {
    private final Map<String, String> variables;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final boolean tracing;
    private final SdkHttpClient http;
    private final Map<Class<?>, Object> clients = new ConcurrentHashMap<>();

    private AwsClients(Map<String, String> variables, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.variables = Map.copyOf(variables);
        this.region = Region.of(variables.getOrDefault("AWS_REGION", "us-east-1"));
        this.credentials = credentials;
        this.tracing = variables.containsKey("AWS_XRAY_DAEMON_ADDRESS");
        this.http = http;
    }

    /**
     * Clients for the Lambda process environment (default credential chain, which SnapStart restores safely), on the
     * URL connection HTTP client: the lightest to load, which is what a cold start pays for.
     */
    public static AwsClients fromEnvironment(Map<String, String> environment) {
        return new AwsClients(environment, DefaultCredentialsProvider.builder().build(), urlConnection());
    }

    /** Clients for an explicit configuration: credentials from its AWS_ACCESS_KEY_ID/SECRET (tools, tests). */
    public static AwsClients of(Map<String, String> variables) {
        return of(variables, urlConnection());
    }

    /**
     * Clients for an explicit configuration on a given HTTP client, which the caller owns (the local runtime's
     * pooled one, cheaper per call than the URL connection client when many calls share a process).
     */
    public static AwsClients of(Map<String, String> variables, SdkHttpClient http) {
        String key = variables.getOrDefault("AWS_ACCESS_KEY_ID", "local");
        String secret = variables.getOrDefault("AWS_SECRET_ACCESS_KEY", "local");
        String token = variables.get("AWS_SESSION_TOKEN");
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(token == null
                ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, token));
        return new AwsClients(variables, credentials, http);
    }

    private static SdkHttpClient urlConnection() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The region clients talk to. */
    public Region region() {
        return region;
    }

    /** The DynamoDB client. */
    public DynamoDbClient dynamo() {
        return client(DynamoDbClient.class, "DYNAMODB", DynamoDbClient::builder);
    }

    /** The SQS client. */
    public SqsClient sqs() {
        return client(SqsClient.class, "SQS", SqsClient::builder);
    }

    /** The EventBridge client. */
    public EventBridgeClient eventBridge() {
        return client(EventBridgeClient.class, "EVENTBRIDGE", EventBridgeClient::builder);
    }

    /** The Step Functions client. */
    public SfnClient stepFunctions() {
        return client(SfnClient.class, "SFN", SfnClient::builder);
    }

    /** The Secrets Manager client. */
    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.class, "SECRETS_MANAGER", SecretsManagerClient::builder);
    }

    /** The KMS client (wraps and unwraps the PII data keys). */
    public KmsClient kms() {
        return client(KmsClient.class, "KMS", KmsClient::builder);
    }

    /**
     * The S3 client. Pointed at a local endpoint it addresses buckets in the path (no DNS per bucket on loopback) and
     * sends checksums only where S3 requires them (the local S3Proxy reads signed chunked uploads, not checksum
     * trailers); in AWS it keeps the SDK's defaults.
     */
    public S3Client s3() {
        boolean local = endpoint("S3").isPresent();
        return client(S3Client.class, "S3", () -> local ? S3Client.builder().forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED) : S3Client.builder());
    }

    /** Signs S3 requests into URLs (pre-signed downloads), with the same region, credentials and endpoint. */
    public S3Presigner s3Presigner() {
        return (S3Presigner) clients.computeIfAbsent(S3Presigner.class, ignored -> {
            S3Presigner.Builder b = S3Presigner.builder().region(region).credentialsProvider(credentials);
            endpoint("S3").ifPresent(uri -> b.endpointOverride(uri)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
            return b.build();
        });
    }

    /**
     * A client of another service at a given endpoint, with the same region, credentials, HTTP client and tracing
     * (API Gateway's {@code @connections} API, whose endpoint is the WebSocket API's own URL). Not cached.
     */
    public <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C at(URI endpoint, Supplier<B> builder) {
        B b = builder.get().region(region).credentialsProvider(credentials).httpClient(http).endpointOverride(endpoint);
        if (tracing) {
            b.overrideConfiguration(ClientOverrideConfiguration.builder()
                    .addExecutionInterceptor(new TracingInterceptor()).build());
        }
        return b.build();
    }

    /**
     * The client of a service only one area uses (so that only its functions carry that SDK module), cached like the
     * others, at {@code AWS_ENDPOINT_<service>} when set.
     */
    @SuppressWarnings("unchecked")
    public <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            Class<C> type, String service, Supplier<B> builder) {
        return (C) clients.computeIfAbsent(type, ignored -> {
            B b = builder.get().region(region).credentialsProvider(credentials).httpClient(http);
            endpoint(service).ifPresent(b::endpointOverride);
            if (tracing) {
                b.overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(new TracingInterceptor()).build());
            }
            return b.build();
        });
    }

    private java.util.Optional<URI> endpoint(String service) {
        String specific = variables.get("AWS_ENDPOINT_URL_" + service);
        String general = variables.get("AWS_ENDPOINT_URL");
        String chosen = specific != null ? specific : general;
        return chosen == null || chosen.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(URI.create(chosen));
    }
}
