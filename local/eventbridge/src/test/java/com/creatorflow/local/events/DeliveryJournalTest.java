package com.creatorflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalSqs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery journal: events accepted for a target that is down survive a crash of the delivery engine (closed
 * without draining) and reach the target from a new engine on the same folder; the journal is compacted as it runs.
 * The target is the test template's SAM EventBridgeRule function (InputPath $.detail), through a Lambda invoker.
 */
class DeliveryJournalTest {
    private static final String RULE = "NotifierFunctionNeedsAttention";
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final TemplateRules RULES = new TemplateRules(new LocalResolver(
            CfnTemplate.load(Path.of("src/test/resources/bus-template.yaml")), LocalClients.REGION,
            URI.create("http://127.0.0.1:9"), Map.of()));

    @TempDir
    Path data;

    /** A delivery engine on the data folder whose first retry waits an hour (a target that is down stays down). */
    private static EventDelivery engine(LambdaInvoker lambda, Path folder, long compactAtBytes) {
        Targets targets = new Targets(lambda, LocalClients.sqs(URI.create("http://127.0.0.1:9")),
                StateMachineTarget.none());
        return new EventDelivery(targets, new EventDelivery.Options(Duration.ofHours(1), Duration.ofHours(1), 1000,
                2, compactAtBytes), folder);
    }

    private static EventRouter router(EventDelivery delivery, List<BusRule> rules) {
        return new EventRouter(RULES.busNames(), rules, delivery, LocalClients.REGION, LocalSqs.ACCOUNT_ID);
    }

    private static ArrayNode entries(String run, int from, int count) {
        ArrayNode entries = Jsons.MAPPER.createArrayNode();
        for (int i = from; i < from + count; i++) {
            ObjectNode entry = entries.addObject();
            entry.put("EventBusName", "test-orders");
            entry.put("Source", "creatorflow.orders");
            entry.put("DetailType", "NeedsAttention");
            entry.put("Detail", "{\"marker\": \"" + run + "-" + i + "\"}");
        }
        return entries;
    }

    private static void putAll(EventRouter router, String run, int count) {
        for (int from = 0; from < count; from += EventRouter.MAX_ENTRIES) {
            ArrayNode results = router.put(entries(run, from, Math.min(EventRouter.MAX_ENTRIES, count - from)));
            for (JsonNode result : results) {
                assertThat(result.has("EventId")).as(result.toString()).isTrue();
            }
        }
    }

    private static List<String> markers(List<String> payloads) {
        synchronized (payloads) {
            return payloads.stream().map(payload -> Jsons.tree(payload).path("marker").asText()).toList();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", DEADLINE).isLessThan(end);
            Thread.sleep(20);
        }
    }

    private static List<String> expected(String run, int count) {
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            markers.add(run + "-" + i);
        }
        return markers;
    }

    @Test
    void eventsAcceptedForADownTargetAreDeliveredByTheNextEngineAfterACrash() throws Exception {
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        EventDelivery crashed = engine((arn, payload) -> {
            refused.add(payload);
            throw new DeliveryFailure("SERVICE_UNAVAILABLE", "the function is down", true);
        }, data, 8L << 20);
        putAll(router(crashed, RULES.rules()), "crash", 25);
        await(() -> refused.size() == 25);
        crashed.close();

        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        try (EventDelivery next = engine((arn, payload) -> delivered.add(payload), data, 8L << 20)) {
            router(next, RULES.rules());
            await(() -> next.backlog() == 0);
            assertThat(markers(delivered)).containsExactlyInAnyOrderElementsOf(expected("crash", 25));
            assertThat(next.stats()).containsEntry("resumed", 25L).containsEntry("delivered", 25L);
        }
        try (EventDelivery third = engine((arn, payload) -> delivered.add(payload), data, 8L << 20)) {
            router(third, RULES.rules());
            assertThat(third.stats()).containsEntry("resumed", 0L);
        }
        assertThat(delivered).hasSize(25);
    }

    @Test
    void pendingEventsWhoseRuleIsGoneAreDroppedAndCountedAtStart() throws Exception {
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        EventDelivery crashed = engine((arn, payload) -> {
            refused.add(payload);
            throw new DeliveryFailure("SERVICE_UNAVAILABLE", "the function is down", true);
        }, data, 8L << 20);
        putAll(router(crashed, RULES.rules()), "gone", 3);
        await(() -> refused.size() == 3);
        crashed.close();

        List<BusRule> withoutIt = RULES.rules().stream().filter(rule -> !rule.name().equals(RULE)).toList();
        try (EventDelivery next = engine((arn, payload) -> { }, data, 8L << 20)) {
            router(next, withoutIt);
            assertThat(next.stats()).containsEntry("dropped", 3L).containsEntry("resumed", 0L)
                    .containsEntry("backlog", 0L);
        }
        assertThat(Files.size(data.resolve("deliveries.ndjson"))).isZero();
    }

    @Test
    void theJournalIsCompactedWhileRunningAndStillKeepsWhatIsPending() throws Exception {
        long compactAt = 16 * 1024;
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        Path journal = data.resolve("deliveries.ndjson");
        EventDelivery running = engine((arn, payload) -> {
            if (payload.contains("stuck")) {
                refused.add(payload);
                throw new DeliveryFailure("SERVICE_UNAVAILABLE", "the function is down", true);
            }
            delivered.add(payload);
        }, data, compactAt);
        EventRouter router = router(running, RULES.rules());
        putAll(router, "stuck", 5);
        long largest = 0;
        for (int round = 0; round < 20; round++) {
            putAll(router, "ok" + round, 20);
            int expectedDelivered = (round + 1) * 20;
            await(() -> delivered.size() == expectedDelivered);
            largest = Math.max(largest, Files.size(journal));
        }
        await(() -> refused.size() == 5 && running.backlog() == 5);
        assertThat(delivered).hasSize(400);
        long lineBytes = Files.readAllLines(journal).getFirst().length() + 1;
        assertThat(400 * lineBytes).as("bytes written").isGreaterThan(8 * compactAt);
        assertThat(largest).as("largest journal seen").isLessThan(2 * compactAt + 20 * lineBytes);
        running.close();

        List<String> resumed = Collections.synchronizedList(new ArrayList<>());
        try (EventDelivery next = engine((arn, payload) -> resumed.add(payload), data, compactAt)) {
            router(next, RULES.rules());
            await(() -> next.backlog() == 0);
            assertThat(markers(resumed)).containsExactlyInAnyOrderElementsOf(expected("stuck", 5));
        }
    }
}
