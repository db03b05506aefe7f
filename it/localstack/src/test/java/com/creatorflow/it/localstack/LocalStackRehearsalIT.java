package com.creatorflow.it.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.local.runtime.FunctionRegistry;
import com.creatorflow.local.runtime.LocalStepFunctions;
import com.creatorflow.local.runtime.SqsEventSource;
import com.creatorflow.local.runtime.TemplateStateMachines;
import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.store.Retention;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.simulators.tiktok.Webhook;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.FreePorts;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.StackProvisioner;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Deploy rehearsal on LocalStack: the template's tables, queues, event buses, labels bucket and state machines are
 * created in a LocalStack container from {@code template.yaml} (the local stack's reader and provisioner, with the SDK
 * clients pointed at LocalStack), then one TikTok order goes its happy way through the real handlers, in-process as
 * the local runtime runs them, with every DynamoDB, SQS, EventBridge and S3 call going to LocalStack: the signed
 * webhook into the intake, the sync queue's event source into the sync worker, and the fulfilment workflow, run by
 * the project's Step Functions engine (LocalStack's own would need the functions deployed into it), to SHIPPED.
 * Skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackRehearsalIT {
    /** The image; {@code -Dlocalstack.image=...} picks another (newer LocalStack images want LOCALSTACK_AUTH_TOKEN). */
    private static final String IMAGE = System.getProperty("localstack.image", "localstack/localstack:4.4");
    private static final String APP_KEY = "rehearsal-app";
    private static final String APP_SECRET = "rehearsal-secret-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Container
    private static final LocalStackContainer LOCALSTACK = localStack();

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static LocalResolver resolver;
    private static SfnClient localStackSfn;
    private static S3Client s3;
    private static FunctionRegistry functions;
    private static LocalStepFunctions stepFunctions;
    private static TikTokShopSimulator tiktok;

    private static LocalStackContainer localStack() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("dynamodb", "sqs", "events", "s3", "stepfunctions")
                .withEnv("SQS_ENDPOINT_STRATEGY", "off");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        return token == null || token.isBlank() ? container : container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }

    @BeforeAll
    static void deploy() {
        URI endpoint = LOCALSTACK.getEndpoint();
        resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION, endpoint, Map.of());
        tiktok = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        RUNNING.add(tiktok);
        EasyPostSimulator carriers = EasyPostSimulator.start();
        RUNNING.add(carriers);

        Map<String, String> variables = new HashMap<>(carriers.functionVariables());
        variables.put("AWS_REGION", LocalClients.REGION);
        variables.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        variables.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        variables.put("AWS_ENDPOINT_URL", endpoint.toString());
        variables.put("TIKTOK_APP_KEY", APP_KEY);
        variables.put("TIKTOK_APP_SECRET", APP_SECRET);
        variables.put("TIKTOK_API_URL", tiktok.baseUrl().toString());
        variables.put("TIKTOK_AUTH_URL", tiktok.baseUrl().toString());
        AwsClients localStack = AwsClients.of(variables);
        localStackSfn = localStack.stepFunctions();
        s3 = S3Client.builder().endpointOverride(endpoint).region(localStack.region()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();

        StackProvisioner provisioner = new StackProvisioner(resolver);
        provisioner.createQueues(localStack.sqs());
        Map<String, String> tables = provisioner.createTables(localStack.dynamo());
        variables.put("PII_KEYS_TABLE", tables.get("PiiKeysTable"));
        variables.put("PII_KMS_KEY_ID", localStack.kms().createKey(r -> r.description("creatorflow pii"))
                .keyMetadata().keyId());
        for (String bus : resolver.template().resourcesOfType("AWS::Events::EventBus")) {
            localStack.eventBridge().createEventBus(r -> r.name(resolver.physicalName(bus)));
        }
        s3.createBucket(r -> r.bucket(resolver.physicalName("LabelsBucket")));
        for (TemplateStateMachines.Definition machine : TemplateStateMachines.definitions(resolver)) {
            localStackSfn.createStateMachine(r -> r.name(machine.name()).definition(machine.definition())
                    .type(machine.type()).roleArn(machine.roleArn() != null ? machine.roleArn()
                            : "arn:aws:iam::000000000000:role/" + machine.name()));
        }

        int sfnPort = FreePorts.pick();
        variables.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:" + sfnPort);
        AwsClients aws = AwsClients.of(variables);
        functions = new FunctionRegistry(resolver, variables, aws);
        stepFunctions = LocalStepFunctions.start(sfnPort, null, Retention.DEFAULT, resolver, functions, aws);
        RUNNING.add(stepFunctions);
        RUNNING.add(new SqsEventSource(aws.sqs(), resolver.queueUrl("OrderSyncQueue"),
                String.valueOf(resolver.getAtt("OrderSyncQueue", "Arn")),
                functions.get("TikTokSyncFunction"), 10, true, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        Collections.reverse(RUNNING);
        for (AutoCloseable running : RUNNING) {
            running.close();
        }
    }

    @Test
    void theTemplatesResourcesExistInLocalStack() {
        Env env = functions.get("TikTokSyncFunction").env();
        assertThat(env.aws().dynamo().listTables().tableNames())
                .containsAll(resolver.template().resourcesOfType("AWS::DynamoDB::Table").stream()
                        .map(resolver::physicalName).toList());
        assertThat(env.aws().sqs().listQueues().queueUrls()).hasSameSizeAs(
                resolver.template().resourcesOfType("AWS::SQS::Queue"));
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(resolver.physicalName("LabelsBucket")));
        assertThat(localStackSfn.listStateMachines().stateMachines()).extracting(m -> m.name())
                .containsAll(TemplateStateMachines.definitions(resolver).stream()
                        .map(TemplateStateMachines.Definition::name).toList());
    }

    @Test
    void anOrderFromTikTokShipsThroughTheHandlersOnLocalStack() {
        String tenant = "rehearsal-" + UUID.randomUUID();
        Env env = functions.get("TikTokSyncFunction").env();
        Shop shop = ShopRegistry.fromEnv(env).save(tiktok.addShop("Rehearsal shop").toShop(tenant));
        ShippingStore.fromEnv(functions.get("CreateLabelFunction").env()).putRules(tenant,
                new ShippingRules(RateStrategy.CHEAPEST, List.of(), List.of(), List.of(), RateStrategy.CHEAPEST, 5,
                        0, ShippingSamples.SHIP_FROM, new SkuProfile("*", 300, 250, 200, 50, "610910", false)));
        InventoryService.fromEnv(functions.get("InventoryReserveFunction").env())
                .stock().adjust(tenant, "TEE-BLK-M", InventoryInput.DEFAULT_LOCATION, 5, "opening stock", "test");
        String orderId = tiktok.createOrder(shop.shopId(), Long.toString(System.nanoTime()), Map.of("TEE-BLK-M", 1));
        tiktok.setStatus(orderId, TikTokOrderStatus.ON_HOLD);
        tiktok.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);

        APIGatewayV2HTTPResponse intake = (APIGatewayV2HTTPResponse) functions.get("WebhookIntakeFunction")
                .invoke(webhookEvent(tiktok.statusWebhook(orderId)));
        assertThat(intake.getStatusCode()).as(intake.getBody()).isEqualTo(200);

        OrderRepository orders = OrderRepository.fromEnv(env);
        await("order " + orderId + " shipped").atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() ->
                orders.find(tenant, orderId).map(Order::state).orElse(null) == OrderState.SHIPPED);
        String execution = resolver.stateMachineArn("OrderFulfilmentStateMachine")
                .replace(":stateMachine:", ":execution:") + ":order-" + orderId;
        assertThat(stepFunctions.engine().awaitCompletion(execution, Duration.ofSeconds(30)).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(orders.history(tenant, orderId)).extracting(AuditRecord::to)
                .containsSubsequence("READY", "RESERVED", "LABELED", "SHIPPED");
        assertThat(tiktok.status(orderId)).isIn(TikTokOrderStatus.AWAITING_COLLECTION, TikTokOrderStatus.IN_TRANSIT);
    }

    /** The API Gateway event of TikTok posting the signed webhook to {@code POST /webhooks/tiktok}. */
    private static APIGatewayV2HTTPEvent webhookEvent(Webhook webhook) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("POST /webhooks/tiktok")
                .withRawPath("/webhooks/tiktok")
                .withHeaders(Map.of("content-type", "application/json", "authorization", webhook.signature()))
                .withBody(webhook.bodyText()).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey("POST /webhooks/tiktok")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/webhooks/tiktok").withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }
}
