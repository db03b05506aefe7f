package com.creatorflow.bench;

import com.creatorflow.local.events.EventDelivery;
import com.creatorflow.local.events.EventRouter;
import com.creatorflow.local.events.LocalEventBridge;
import com.creatorflow.local.events.StateMachineTarget;
import com.creatorflow.local.events.TemplateRules;
import com.creatorflow.local.events.Targets;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.local.stack.StackProvisioner;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local EventBridge: PutEvents/s through the AWS SDK client with the template's feed rule (enabled for the
 * benchmark; the template disables it until the dashboard consumes it) delivering every event to its SQS queue, and how fast deliveries drain, against raw SQS SendMessage/s to the same queue on the same
 * ElasticMQ in the same run.
 */
public final class EventBusBenchmark implements Benchmark {
    private static final int THREADS = 16;

    @Override
    public String name() {
        return "eventbus";
    }

    @Override
    public String description() {
        return "local EventBridge PutEvents/s (rule match + SQS delivery) vs raw SQS SendMessage/s";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        try (LocalSqs sqsServer = LocalSqs.start(0, LocalClients.REGION)) {
            SqsClient sqs = LocalClients.sqs(sqsServer.endpoint());
            LocalResolver resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION,
                    sqsServer.endpoint(), Map.of());
            Map<String, String> queues = new StackProvisioner(resolver).createQueues(sqs);
            String feed = queues.get("OrderEventsFeedQueue");
            TemplateRules rules = new TemplateRules(resolver);
            String bus = rules.busNames().stream().filter(n -> !n.equals("default")).findFirst().orElseThrow();
            EventDelivery delivery = new EventDelivery(new Targets((arn, payload) -> { }, sqs,
                    StateMachineTarget.none()), new EventDelivery.Options(Duration.ofMillis(250),
                    Duration.ofSeconds(5), 1_000_000, 4));
            try (LocalEventBridge bridge = LocalEventBridge.start(0, new EventRouter(rules.busNames(), rules.rules(),
                    delivery, LocalClients.REGION, LocalSqs.ACCOUNT_ID), delivery)) {
                EventBridgeClient events = EventBridgeClient.builder().endpointOverride(bridge.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(LocalClients.CREDENTIALS).build();
                events.enableRule(r -> r.eventBusName(bus).name("OrderEventsFeedRule"));
                String detail = "{\"tenantId\": \"bench\", \"orderId\": \"1\", \"from\": \"READY\", "
                        + "\"to\": \"RESERVED\", \"version\": 3}";

                LoadRunner.Result raw = LoadRunner.run(THREADS, 1, 4, (thread, i) ->
                        sqs.sendMessage(r -> r.queueUrl(feed).messageBody(detail)));
                report.figure("raw_sqs_send_per_s", raw.perSecond(), "msgs/s");
                sqs.purgeQueue(r -> r.queueUrl(feed));

                long deliveredBefore = delivery.stats().get("delivered");
                long start = System.nanoTime();
                LoadRunner.Result put = LoadRunner.run(THREADS, 1, 4, (thread, i) ->
                        events.putEvents(r -> r.entries(e -> e.eventBusName(bus).source("creatorflow.orders")
                                .detailType("OrderStatusChanged").detail(detail))));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (delivery.backlog() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                double drainSeconds = (System.nanoTime() - start) / 1e9;
                long delivered = delivery.stats().get("delivered") - deliveredBefore;
                report.figure("put_events_per_s", put.perSecond(), "events/s");
                report.figure("put_events_p99", put.p(99), "ms");
                report.figure("delivered_per_s", delivered / drainSeconds, "events/s");
                report.figure("ratio_put_to_raw_sqs", put.perSecond() / raw.perSecond(), "x");
                report.figure("ratio_delivered_to_raw_sqs", delivered / drainSeconds / raw.perSecond(), "x");
                report.figure("dropped_or_dead_lettered", delivery.stats().get("dropped")
                        + delivery.stats().get("deadLettered"), "count");
                report.note(THREADS + " client threads, one entry per PutEvents; every event matches the feed rule "
                        + "and is delivered to SQS by 4 delivery threads (delivered/s counts warm-up and measured "
                        + "events until the backlog drained)");
            }
        }
    }
}
