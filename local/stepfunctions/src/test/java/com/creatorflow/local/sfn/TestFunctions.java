package com.creatorflow.local.sfn;

import com.creatorflow.local.sfn.engine.LambdaFailure;
import com.creatorflow.local.sfn.engine.LambdaInvoker;
import com.creatorflow.local.sfn.engine.Scheduler;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda functions for engine tests, addressed as {@code arn:aws:lambda:us-east-1:000000000000:function:NAME}
 * (or by name): Echo, Add, Upper, Fail, FailTimes, Sleep, Calls, Throw.
 */
public final class TestFunctions implements LambdaInvoker {
    /** The ARN prefix of the test functions. */
    public static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    private final Scheduler scheduler;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** @param scheduler used by Sleep to complete later in engine time */
    public TestFunctions(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Invocations so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public CompletionStage<byte[]> invoke(String function, byte[] payload) {
        calls.incrementAndGet();
        String name = function.contains(":function:") ? function.substring(function.indexOf(":function:") + 10)
                : function;
        if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        JsonNode in = JsonValues.parse(payload);
        try {
            return switch (name) {
                case "Echo" -> done(in);
                case "Add" -> done(JsonValues.NODES.numberNode(in.get("a").asLong() + in.get("b").asLong()));
                case "Upper" -> done(JsonValues.NODES.textNode(in.get("text").asText().toUpperCase()));
                case "Fail" -> CompletableFuture.failedFuture(new LambdaFailure(
                        in.path("errorType").asText("com.example.BoomException"),
                        in.path("message").asText("boom"), List.of(), false));
                case "FailTimes" -> {
                    int call = counters.computeIfAbsent(in.path("key").asText("default"), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (call <= in.path("times").asInt()) {
                        yield CompletableFuture.failedFuture(new LambdaFailure(
                                in.path("errorType").asText("com.example.TransientFailure"), "attempt " + call,
                                List.of(), false));
                    }
                    ObjectNode out = JsonValues.NODES.objectNode();
                    out.put("attempts", call);
                    yield done(out);
                }
                case "Calls" -> {
                    ObjectNode out = JsonValues.NODES.objectNode();
                    out.put("calls", counters.computeIfAbsent("calls", k -> new AtomicInteger()).incrementAndGet());
                    yield done(out);
                }
                case "Sleep" -> {
                    CompletableFuture<byte[]> later = new CompletableFuture<>();
                    scheduler.schedule(scheduler.now() + in.path("seconds").asLong() * 1000,
                            () -> later.complete(JsonValues.bytes(in)));
                    yield later;
                }
                case "Throw" -> throw new IllegalStateException(in.path("message").asText("thrown"));
                case "NotJson" -> CompletableFuture.completedFuture("plain text".getBytes(StandardCharsets.UTF_8));
                default -> CompletableFuture.failedFuture(LambdaFailure.notFound(function));
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(LambdaFailure.of(e));
        }
    }

    private static CompletionStage<byte[]> done(JsonNode value) {
        return CompletableFuture.completedFuture(JsonValues.bytes(value));
    }
}
