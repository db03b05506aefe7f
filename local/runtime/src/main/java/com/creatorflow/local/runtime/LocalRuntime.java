package com.creatorflow.local.runtime;

import com.creatorflow.local.events.EventDelivery;
import com.creatorflow.local.events.EventRouter;
import com.creatorflow.local.events.LocalEventBridge;
import com.creatorflow.local.events.DeliveryFailure;
import com.creatorflow.local.events.StateMachineTarget;
import com.creatorflow.local.events.TemplateRules;
import com.creatorflow.local.events.Targets;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.stack.BucketExpiry;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.stack.FreePorts;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalS3;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.local.stack.StackProvisioner;
import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.live.LiveConnections;
import com.creatorflow.shared.live.LiveFeed;
import com.creatorflow.shared.crypto.LocalKeyWrapper;
import com.creatorflow.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.creatorflow.shared.shipping.S3LabelStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM, built from template.yaml: Dynoxide (a supervised child), ElasticMQ and S3Proxy, the
 * template's tables, queues and buckets (with their expiration rules), every function with its template
 * environment, the SQS event sources, and the HTTP front door. Nothing exists locally that the template does not
 * declare.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final RuntimeOptions options;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<SqsEventSource> sqsEventSources = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private Dynoxide dynoxide;
    private LocalSqs sqs;
    private LocalS3 s3;
    private BucketExpiry bucketExpiry;
    private LocalResolver resolver;
    private AwsClients aws;
    private Map<String, String> tables;
    private Map<String, String> queues;
    private Map<String, String> buckets;
    private Map<String, String> functionVariables;
    private FunctionRegistry functions;
    private HttpFrontDoor frontDoor;
    private LocalIssuer issuer;
    private LocalSecrets secrets;
    private LocalStepFunctions stepFunctions;
    private LocalEventBridge eventBridge;
    private AsyncInvocations asyncInvocations;
    private EasyPostSimulator carriers;
    private long startupMillis;
    private final Map<String, String> variableOverrides;
    private TikTokSimulation tiktok;
    private LocalMail mail;
    private LiveEventStream liveStream;
    private static final String LIVE_FEED_FUNCTION = "LiveFeedFunction";

    /** Any non-empty {@code JwtIssuer}: the template's authorizer then names its external-issuer audience. */
    private static final String EXTERNAL_ISSUER = "local";

    private LocalRuntime(RuntimeOptions options, Map<String, String> variableOverrides) {
        this.options = options;
        this.variableOverrides = Map.copyOf(variableOverrides);
    }

    /** Starts everything; on any failure stops what was started and rethrows. */
    public static LocalRuntime start(RuntimeOptions options) {
        return start(options, Map.of());
    }

    /**
     * Starts everything with extra function variables that win over all others (tests point the functions at their
     * own simulators with it, for example {@code TIKTOK_API_URL}).
     */
    public static LocalRuntime start(RuntimeOptions options, Map<String, String> variableOverrides) {
        LocalRuntime runtime = new LocalRuntime(options, variableOverrides);
        try {
            runtime.boot();
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void boot() {
        CfnTemplate template = CfnTemplate.project();
        secrets = LocalSecrets.load(options.dataDir());
        dynoxide = Dynoxide.start(options.inMemory() ? null : options.dataDir().resolve("dynamodb.sqlite"),
                options.dynamoPort());
        closeables.add(dynoxide);
        sqs = LocalSqs.start(options.sqsPort(), LocalClients.REGION,
                options.inMemory() ? null : options.dataDir().resolve("sqs"), true);
        s3 = LocalS3.start(options.s3Port(), options.inMemory() ? null : options.dataDir().resolve("s3"),
                secrets.storageSecret());
        closeables.add(s3);
        resolver = new LocalResolver(template, LocalClients.REGION, sqs.endpoint(), Map.of());
        StackProvisioner provisioner = new StackProvisioner(resolver);
        tables = provisioner.createTables(LocalClients.dynamo(dynoxide.endpoint()));
        queues = provisioner.createQueues(LocalClients.sqs(sqs.endpoint()));
        buckets = provisioner.createBuckets(LocalClients.s3(s3.endpoint()));
        bucketExpiry = BucketExpiry.start(BucketExpiry.rules(resolver), LocalClients.s3(s3.endpoint()),
                Clock.systemUTC(), Duration.ofDays(1));
        closeables.add(bucketExpiry);

        functionVariables = new HashMap<>();
        functionVariables.put("AWS_REGION", LocalClients.REGION);
        functionVariables.put("AWS_ACCESS_KEY_ID", "local");
        functionVariables.put("AWS_SECRET_ACCESS_KEY", "local");
        functionVariables.put("AWS_ENDPOINT_URL_DYNAMODB", dynoxide.endpoint().toString());
        functionVariables.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        functionVariables.putAll(secrets.piiVariables(localKeyFile()));
        functionVariables.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        int sfnPort = options.sfnPort() == 0 ? FreePorts.pick() : options.sfnPort();
        functionVariables.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:" + sfnPort);
        startEventBridge();
        functionVariables.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridge.endpoint().toString());
        functionVariables.put("CARRIER_CREDENTIALS", "{}");
        // creators' webhooks may point at this machine only here (WebhookAddressPolicy); AWS never sets it
        functionVariables.put("WEBHOOK_ALLOW_LOOPBACK", "true");
        mail = LocalMail.start(0);
        closeables.add(mail);
        functionVariables.putAll(mail.functionVariables());
        String[] vapid = com.creatorflow.shared.notify.VapidKeys.generate();
        functionVariables.put("VAPID_PUBLIC_KEY", vapid[0]);
        functionVariables.put("VAPID_PRIVATE_KEY", vapid[1]);
        if (options.carrierUrl() != null) {
            functionVariables.put("EASYPOST_API_URL", options.carrierUrl().toString());
            functionVariables.put("CARRIER_CREDENTIALS", System.getenv().getOrDefault("CARRIER_CREDENTIALS", "{}"));
        } else if (options.simulators()) {
            carriers = EasyPostSimulator.start();
            closeables.add(carriers);
            carriers.latency(Duration.ofMillis(20), Duration.ofMillis(120));
            functionVariables.putAll(carriers.functionVariables());
        }
        int httpPort = options.httpPort() == 0 ? FreePorts.pick() : options.httpPort();
        tiktok = TikTokSimulation.prepare(options, secrets, functionVariables,
                URI.create("http://127.0.0.1:" + httpPort));
        functionVariables.put("DASHBOARD_URL", "http://127.0.0.1:" + httpPort + "/dashboard");
        // the live feed's function posts to API Gateway's @connections API, which the front door serves here
        functionVariables.put("LIVE_CALLBACK_URL", "http://127.0.0.1:" + httpPort);
        functionVariables.put("JWT_ISSUER", "http://127.0.0.1:" + httpPort);
        functionVariables.put("JWT_AUDIENCE", jwtAudience(template));
        if (tiktok != null) {
            closeables.add(tiktok);
        }
        functionVariables.putAll(variableOverrides);
        aws = AwsClients.of(functionVariables, LocalClients.http());
        moveInlineLabels();
        functions = new FunctionRegistry(resolver, functionVariables, aws);
        asyncInvocations.start();
        stepFunctions = LocalStepFunctions.start(sfnPort, options.dataDir(), options.sfnRetention(), resolver,
                functions, aws);
        closeables.add(stepFunctions);

        startSqsEventSources(template);
        startDynamoDbStreamEventSources(template);
        closeables.add(ScheduleEventSource.start(template, functions));

        frontDoor = HttpFrontDoor.bind(httpPort, 64, template, functions);
        closeables.add(frontDoor);
        issuer = new LocalIssuer(IssuerKeys.load(options.dataDir()), frontDoor.baseUrl().toString(),
                jwtAudience(template), Clock.systemUTC());
        frontDoor.mount("/health", new HealthEndpoint(this));
        frontDoor.mount("/local/token", new TokenEndpoint(issuer));
        frontDoor.mount("/local/mail", mail);
        frontDoor.mount("/.well-known/", new OidcEndpoints(issuer));
        frontDoor.mount("/dashboard", new DashboardFiles(ProjectPaths.root().resolve("dashboard").resolve("dist")));
        mountLiveFeed();
        frontDoor.start(issuer.authorizer());
        if (carriers != null) {
            carriers.webhookTarget(baseUrl());
        }
        if (tiktok != null) {
            tiktok.connect(baseUrl());
        }
        startupMillis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /**
     * The live order feed as server-sent events at {@code /v1/events/stream}, and API Gateway's {@code @connections}
     * API through which the template's {@code LiveFeedFunction} reaches those streams (see {@link LiveEventStream}).
     */
    private void mountLiveFeed() {
        Env live = functions.get(LIVE_FEED_FUNCTION).env();
        liveStream = new LiveEventStream(issuer.authorizer(), ApiGuard.fromEnv(live), LiveFeed.fromEnv(live),
                LiveConnections.fromEnv(live), Duration.ofSeconds(Long.parseLong(functionVariables.getOrDefault(
                        "LIVE_HEARTBEAT_SECONDS", "15"))));
        frontDoor.mount("/v1/events/stream", liveStream.streams());
        frontDoor.mount("/@connections/", liveStream.callbacks());
    }

    /**
     * The key file that plays KMS: in the data folder, so sealed data stays readable across restarts; in memory, in a
     * temporary folder removed on stop.
     */
    private Path localKeyFile() {
        if (!options.inMemory()) {
            return options.dataDir().resolve(LocalKeyWrapper.FILE_NAME);
        }
        try {
            Path folder = Files.createTempDirectory("creatorflow-keys");
            Path file = folder.resolve(LocalKeyWrapper.FILE_NAME);
            closeables.add(() -> {
                Files.deleteIfExists(file);
                Files.deleteIfExists(folder);
            });
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the local key file", e);
        }
    }

    /** Labels that a data folder of an earlier version holds inline in the Shipping table move to the bucket. */
    private void moveInlineLabels() {
        int moved = new S3LabelStore(aws.dynamo(), tables.get("ShippingTable"), aws.s3(), aws.s3Presigner(),
                buckets.get("LabelsBucket"), Optional.empty(), S3LabelStore.DEFAULT_LINK_LIFETIME, Clock.systemUTC())
                .moveInlineLabels();
        if (moved > 0) {
            LOG.info("moved {} label(s) kept inline in the Shipping table to the labels bucket", moved);
        }
    }

    private void startSqsEventSources(CfnTemplate template) {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> events = CfnTemplate.map(template.properties(function).get("Events"));
            for (Object raw : events.values()) {
                Map<String, Object> event = CfnTemplate.map(raw);
                if (!"SQS".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = CfnTemplate.map(event.get("Properties"));
                String queueArn = resolver.string(properties.get("Queue"));
                String queueName = queueArn.substring(queueArn.lastIndexOf(':') + 1);
                String queueUrl = sqs.endpoint() + "/" + LocalSqs.ACCOUNT_ID + "/" + queueName;
                int batchSize = Integer.parseInt(String.valueOf(properties.getOrDefault("BatchSize", 10)));
                boolean partial = CfnTemplate.list(properties.get("FunctionResponseTypes"))
                        .contains("ReportBatchItemFailures");
                int concurrency = Integer.parseInt(String.valueOf(CfnTemplate.map(properties.get("ScalingConfig"))
                        .getOrDefault("MaximumConcurrency", 4)));
                int window = Integer.parseInt(String.valueOf(properties.getOrDefault("MaximumBatchingWindowInSeconds",
                        0)));
                SqsEventSource source = new SqsEventSource(LocalClients.sqs(sqs.endpoint()), queueUrl, queueArn,
                        functions.get(function), batchSize, partial, Math.min(concurrency, 8), window);
                sqsEventSources.add(source);
                closeables.add(source);
            }
        }
    }

    /**
     * Pauses or resumes the SQS event source mappings of a function (the {@code Enabled} flag of AWS's
     * UpdateEventSourceMapping); its queued messages wait meanwhile.
     *
     * @throws IllegalArgumentException when the function has no SQS event source
     */
    public void setSqsEventSourcesEnabled(String function, boolean enabled) {
        List<SqsEventSource> sources = sqsEventSources.stream().filter(s -> s.functionName().equals(function))
                .toList();
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(function + " has no SQS event source in the template");
        }
        sources.forEach(source -> source.setEnabled(enabled));
    }

    /**
     * The local EventBridge with the template's buses and rules. Lambda targets are invoked asynchronously
     * ({@link AsyncInvocations}, queued in the local SQS, so durable with a data folder); state machine targets go to {@link #stateMachineTarget()}. With a data folder,
     * accepted deliveries are journaled in {@code eventbridge/deliveries.ndjson} and sent again after a crash.
     */
    private void startEventBridge() {
        asyncInvocations = new AsyncInvocations(arn -> functions.byArnOrName(arn),
                name -> AsyncInvocations.Config.of(resolver, name), LocalClients.sqs(sqs.endpoint()),
                AsyncInvocations.QUEUE, Duration.ofMillis(500));
        closeables.add(asyncInvocations);
        Targets targets = new Targets(asyncInvocations, LocalClients.sqs(sqs.endpoint()), stateMachineTarget());
        EventDelivery delivery = new EventDelivery(targets, EventDelivery.Options.DEFAULTS,
                options.inMemory() ? null : options.dataDir().resolve("eventbridge"));
        TemplateRules rules = new TemplateRules(resolver);
        eventBridge = LocalEventBridge.start(options.eventsPort(), new EventRouter(rules.busNames(), rules.rules(),
                delivery, LocalClients.REGION, LocalSqs.ACCOUNT_ID), delivery);
        closeables.add(eventBridge);
    }

    /**
     * Where EventBridge rules with a state machine target start executions: the local Step Functions engine, in
     * process. A state machine that does not exist is NO_RESOURCE (not retried, to the target's DLQ), as in AWS.
     */
    private StateMachineTarget stateMachineTarget() {
        return (arn, input) -> {
            if (stepFunctions == null) {
                throw new DeliveryFailure("NO_RESOURCE", "the local Step Functions engine is not running yet", true);
            }
            try {
                stepFunctions.engine().startExecution(arn, null, input);
            } catch (SfnException e) {
                boolean missing = e.code().equals("StateMachineDoesNotExist");
                throw new DeliveryFailure(missing ? "NO_RESOURCE" : "SDK_CLIENT_ERROR", e.code() + ": "
                        + e.getMessage(), false);
            }
        };
    }

    /** One poller per function event of Type DynamoDB, reading the table's stream (see DynamoDbStreamEventSource). */
    private void startDynamoDbStreamEventSources(CfnTemplate template) {
        StreamCheckpoints checkpoints = StreamCheckpoints.at(options.inMemory() ? null
                : options.dataDir().resolve("stream-checkpoints.json"));
        Map<String, List<String>> readersByTable = new TreeMap<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> events = CfnTemplate.map(template.properties(function).get("Events"));
            for (Object raw : events.values()) {
                Map<String, Object> event = CfnTemplate.map(raw);
                if (!"DynamoDB".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = CfnTemplate.map(resolver.resolve(event.get("Properties")));
                String streamArn = String.valueOf(properties.get("Stream"));
                String table = streamArn.substring(streamArn.indexOf(":table/") + 7, streamArn.indexOf("/stream/"));
                String onFailure = (String) CfnTemplate.map(CfnTemplate.map(properties.get("DestinationConfig"))
                        .get("OnFailure")).get("Destination");
                DynamoDbStreamEventSource.Settings settings = new DynamoDbStreamEventSource.Settings(table, streamArn,
                        String.valueOf(properties.getOrDefault("StartingPosition", "TRIM_HORIZON")),
                        Integer.parseInt(String.valueOf(properties.getOrDefault("BatchSize", 100))),
                        CfnTemplate.list(properties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                        Integer.parseInt(String.valueOf(properties.getOrDefault("MaximumRetryAttempts", -1))),
                        onFailure == null ? null : sqs.endpoint() + "/" + LocalSqs.ACCOUNT_ID + "/"
                                + onFailure.substring(onFailure.lastIndexOf(':') + 1));
                closeables.add(new DynamoDbStreamEventSource(aws.dynamo(), LocalClients.dynamoStreams(
                        dynoxide.endpoint()), LocalClients.sqs(sqs.endpoint()), settings, functions.get(function),
                        checkpoints));
                readersByTable.computeIfAbsent(table, t -> new ArrayList<>()).add(function);
            }
        }
        closeables.add(StreamRecordsTrim.start(dynoxide, checkpoints, readersByTable, Clock.systemUTC(),
                Duration.ofMinutes(10)));
    }

    /**
     * The audience of the template's JWT authorizer (its first), read as an external issuer's: locally the runtime
     * itself is the issuer, at its own base URL, standing in for the stack's Cognito user pool.
     */
    private static String jwtAudience(CfnTemplate template) {
        LocalResolver parameters = new LocalResolver(template, LocalClients.REGION, URI.create("http://unused"),
                Map.of("JwtIssuer", EXTERNAL_ISSUER));
        for (String api : template.resourcesOfType("AWS::Serverless::HttpApi")) {
            Map<String, Object> authorizers = CfnTemplate.map(CfnTemplate.map(template.properties(api).get("Auth"))
                    .get("Authorizers"));
            for (Object raw : authorizers.values()) {
                Map<String, Object> config = CfnTemplate.map(CfnTemplate.map(raw).get("JwtConfiguration"));
                if (!config.isEmpty()) {
                    Object audience = parameters.resolve(config.get("audience"));
                    return String.valueOf(audience instanceof List<?> list ? list.get(0) : audience);
                }
            }
        }
        throw new IllegalStateException("template.yaml declares no JWT authorizer on its HttpApi");
    }

    /** The options it runs with. */
    public RuntimeOptions options() {
        return options;
    }

    /** The built-in TikTok Shop simulator, when it runs. */
    public Optional<TikTokShopSimulator> tiktokSimulator() {
        return Optional.ofNullable(tiktok).map(TikTokSimulation::simulator);
    }

    /**
     * Connects a shop of the built-in TikTok Shop simulator to a tenant through the real flow (the shops API, the
     * simulator's authorization page in auto-approve mode, the callback); returns the shop ids connected.
     */
    public List<String> connectTikTokShop(String tenantId, String shopId) {
        TikTokShopSimulator simulator = tiktokSimulator().orElseThrow(() -> new IllegalStateException(
                "the TikTok Shop simulator does not run in this runtime"));
        return TikTokShopConnector.connect(baseUrl(), issuer.issue(tenantId, "user-" + tenantId,
                Duration.ofMinutes(5)), simulator, shopId);
    }

    /** The HTTP front door's port. */
    public int httpPort() {
        return frontDoor.port();
    }

    /** The front door's base URL. */
    public URI baseUrl() {
        return frontDoor.baseUrl();
    }

    /** The local DynamoDB endpoint. */
    public URI dynamoEndpoint() {
        return dynoxide.endpoint();
    }

    /** The local EventBridge endpoint. */
    public URI eventBridgeEndpoint() {
        return eventBridge.endpoint();
    }

    /** The local EventBridge (buses, rules, delivery counters). */
    public LocalEventBridge eventBridge() {
        return eventBridge;
    }

    /** The local SQS endpoint. */
    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    /** The local S3 endpoint (path-style). */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /** The expiration rules of the template's buckets, applied locally. */
    public BucketExpiry bucketExpiry() {
        return bucketExpiry;
    }

    /** The local Step Functions engine: start and describe executions in-process (e.g. as an EventBridge target). */
    public StepFunctionsEngine stepFunctions() {
        return stepFunctions.engine();
    }

    /** The local Step Functions API endpoint (SfnClient, aws stepfunctions --endpoint-url). */
    public URI stepFunctionsEndpoint() {
        return stepFunctions.endpoint();
    }

    /** Live feed streams open now. */
    public int openLiveStreams() {
        return liveStream.open();
    }

    /** The functions of the template. */
    public FunctionRegistry functions() {
        return functions;
    }

    /** The clients every function shares. */
    public AwsClients aws() {
        return aws;
    }

    /** Table names by logical id. */
    public Map<String, String> tables() {
        return tables;
    }

    /** Queue URLs by logical id. */
    public Map<String, String> queues() {
        return queues;
    }

    /** Bucket names by logical id. */
    public Map<String, String> buckets() {
        return buckets;
    }

    /** The local sign-in: the OpenID Connect issuer of creators' tokens. */
    public LocalIssuer jwt() {
        return issuer;
    }

    /** Every email the local SMTP server (GreenMail) received. */
    public jakarta.mail.internet.MimeMessage[] receivedMail() {
        return mail.received();
    }

    /** The local secrets (for simulators that share the TikTok app secret). */
    public LocalSecrets secrets() {
        return secrets;
    }

    /** The carrier simulator, when simulators run. */
    public java.util.Optional<EasyPostSimulator> carrierSimulator() {
        return java.util.Optional.ofNullable(carriers);
    }

    /** Milliseconds from start to serving. */
    public long startupMillis() {
        return startupMillis;
    }

    /** True when the DynamoDB child runs. */
    boolean dynamoAlive() {
        return dynoxide.isAlive();
    }

    /** What runs where, and how to reach it with the AWS CLI. */
    public String banner() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("HTTP API (front door)", baseUrl() + "   health: " + baseUrl() + "/health");
        lines.put("Dashboard", baseUrl() + "/dashboard/");
        lines.put("DynamoDB (Dynoxide)", dynamoEndpoint() + "   aws dynamodb list-tables --endpoint-url "
                + dynamoEndpoint());
        lines.put("SQS (ElasticMQ)", sqsEndpoint() + "   aws sqs list-queues --endpoint-url " + sqsEndpoint());
        lines.put("S3 (S3Proxy)", s3Endpoint() + "   aws s3 ls --recursive s3://"
                + buckets.values().stream().findFirst().orElse("") + " --endpoint-url " + s3Endpoint());
        lines.put("Step Functions", stepFunctionsEndpoint() + "   aws stepfunctions list-state-machines "
                + "--endpoint-url " + stepFunctionsEndpoint());
        lines.put("EventBridge (local bus)", eventBridgeEndpoint() + "   aws events put-events --endpoint-url "
                + eventBridgeEndpoint() + " --entries '[{\"EventBusName\":\"" + eventBusName()
                + "\",\"Source\":\"creatorflow.demo\",\"DetailType\":\"Ping\",\"Detail\":\"{}\"}]'");
        lines.put("Sign in (local tokens)", "curl -s -XPOST " + baseUrl()
                + "/local/token -d '{\"tenantId\":\"demo-creator\"}'");
        lines.put("Mail (GreenMail SMTP)", "127.0.0.1:" + mail.port() + "   received: " + baseUrl() + "/local/mail");
        lines.put("OpenID issuer", issuer.issuer() + "   keys: " + issuer.issuer() + LocalIssuer.JWKS_PATH);
        if (carriers != null) {
            lines.put("EasyPost simulator", carriers.apiUrl() + "   control: " + carriers.baseUrl() + "/_control/");
        }
        if (tiktok != null) {
            lines.put("TikTok Shop simulator", tiktok.simulator().baseUrl() + "   demo shop "
                    + TikTokSimulation.DEMO_SHOP_ID + " (tenant " + TikTokSimulation.DEMO_TENANT + "), /sim/stats");
        }
        lines.put("Data", options.inMemory() ? "in memory (gone on stop)" : options.dataDir().toString());
        String logDir = System.getProperty("creatorflow.logDir");
        if (logDir != null) {
            lines.put("Function logs", Path.of(logDir).resolve("functions.log").toString());
        }
        StringBuilder out = new StringBuilder("\nCreatorFlow local runtime is up in " + startupMillis + " ms\n");
        lines.forEach((k, v) -> out.append(String.format("  %-24s %s%n", k, v)));
        out.append("  AWS CLI credentials: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION="
                + LocalClients.REGION + " (S3 checks signatures; the others take any)\n");
        out.append("  ").append(functions.all().size()).append(" functions, ").append(frontDoor.routes().size())
                .append(" routes, ").append(tables.size()).append(" tables, ").append(queues.size())
                .append(" queues, ").append(buckets.size()).append(" bucket(s), ")
                .append(stepFunctions.machines().size())
                .append(" state machines from template.yaml. Ctrl-C stops everything.\n");
        return out.toString();
    }

    /** The project's bus as it is named locally (the template's EventBus, else default). */
    private String eventBusName() {
        return eventBridge.router().buses().keySet().stream().filter(name -> !name.equals(TemplateRules.DEFAULT_BUS))
                .findFirst().orElse(TemplateRules.DEFAULT_BUS);
    }

    /** A JSON health report. */
    String healthJson() {
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("dynamodb", probe(() -> aws.dynamo().listTables(r -> r.limit(1))));
        components.put("sqs", probe(() -> aws.sqs().listQueues(r -> r.maxResults(1))));
        components.put("s3", probe(() -> aws.s3().listBuckets()));
        components.put("stepfunctions", probe(() -> stepFunctions.engine().listStateMachines()));
        components.put("eventbridge", probe(() -> aws.eventBridge().listEventBuses(r -> r.limit(1))));
        boolean up = components.values().stream().allMatch("UP"::equals);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", up ? "UP" : "DOWN");
        report.put("components", components);
        report.put("functions", functions.all().size());
        report.put("uptimeSeconds", Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
        return Json.write(report);
    }

    private static String probe(Runnable call) {
        try {
            call.run();
            return "UP";
        } catch (RuntimeException e) {
            return "DOWN";
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(closeables);
        java.util.Collections.reverse(reversed);
        try {
            for (AutoCloseable closeable : reversed) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("stopping {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
                }
            }
        } finally {
            if (sqs != null) {
                sqs.close();
            }
        }
    }

    /** Adds something to stop with the runtime (components started after boot). */
    public void onClose(AutoCloseable closeable) {
        closeables.add(closeable);
    }

    /** The variables every function gets on top of its template environment. */
    public Map<String, String> functionVariables() {
        return Map.copyOf(functionVariables);
    }

    /** The resolver of template intrinsics to local names. */
    public LocalResolver resolver() {
        return resolver;
    }

    /** Runs the local system until Ctrl-C (see {@link Main}, which parses the options and sets logging up). */
    public static void run(RuntimeOptions options) {
        LocalRuntime runtime = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping the local runtime");
            runtime.close();
        }, "local-runtime-shutdown"));
        System.out.println(runtime.banner());
    }
}
