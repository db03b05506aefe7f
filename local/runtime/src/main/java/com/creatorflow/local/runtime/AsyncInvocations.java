package com.creatorflow.local.runtime;

import com.creatorflow.local.events.DeliveryFailure;
import com.creatorflow.local.events.LambdaInvoker;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Lambda's asynchronous invocation, as EventBridge uses it: the invocation is queued (that is the delivery), the
 * function runs later, a function error is retried {@code EventInvokeConfig.MaximumRetryAttempts} times (default
 * 2) with growing delays, and an invocation that still fails goes to the function's {@code DeadLetterQueue}
 * (payload as body; RequestID, ErrorCode, ErrorMessage attributes) or its {@code EventInvokeConfig} OnFailure queue
 * (an invocation record). The queue of waiting invocations is bounded: when full, invocations are refused as
 * throttled, and EventBridge retries them.
 */
public final class AsyncInvocations implements LambdaInvoker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvocations.class);
    private static final int MAX_WAITING = 5_000;

    private final Function<String, LocalFunction> functions;
    private final Function<String, Config> configs;
    private final SqsClient sqs;
    private final Duration firstRetryDelay;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * A function's asynchronous invocation settings.
     *
     * @param maximumRetryAttempts retries after a function error (0 to 2)
     * @param deadLetterQueueArn the function's DeadLetterQueue (SQS), or null
     * @param onFailureQueueArn the EventInvokeConfig OnFailure destination (SQS), or null
     */
    public record Config(int maximumRetryAttempts, String deadLetterQueueArn, String onFailureQueueArn) {
        /** Lambda's defaults: two retries, nowhere to go after. */
        public static final Config DEFAULT = new Config(2, null, null);

        /** The settings of a template function ({@code DeadLetterQueue}, {@code EventInvokeConfig}). */
        static Config of(LocalResolver resolver, String functionId) {
            Map<String, Object> properties = resolver.template().properties(functionId);
            Map<String, Object> dlq = CfnTemplate.map(resolver.resolve(properties.get("DeadLetterQueue")));
            Map<String, Object> invokeConfig = CfnTemplate.map(resolver.resolve(properties.get("EventInvokeConfig")));
            Map<String, Object> onFailure = CfnTemplate.map(CfnTemplate.map(invokeConfig.get("DestinationConfig"))
                    .get("OnFailure"));
            Object retries = invokeConfig.get("MaximumRetryAttempts");
            return new Config(retries == null ? 2 : Integer.parseInt(String.valueOf(retries)),
                    "SQS".equals(dlq.get("Type")) ? (String) dlq.get("TargetArn") : null,
                    "SQS".equals(onFailure.get("Type")) ? (String) onFailure.get("Destination") : null);
        }
    }

    /**
     * @param functions finds a function by ARN or name (throws IllegalArgumentException when there is none)
     * @param configs the asynchronous settings of a function, by its name
     * @param sqs for dead-letter and failure destinations
     * @param firstRetryDelay the delay before the first retry (doubled for the second; AWS waits about a minute)
     */
    public AsyncInvocations(Function<String, LocalFunction> functions, Function<String, Config> configs,
                            SqsClient sqs, Duration firstRetryDelay) {
        this.functions = functions;
        this.configs = configs;
        this.sqs = sqs;
        this.firstRetryDelay = firstRetryDelay;
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "lambda-async");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void invokeAsync(String functionArn, String payload) throws DeliveryFailure {
        LocalFunction function;
        try {
            function = functions.apply(functionArn);
        } catch (IllegalArgumentException e) {
            throw new DeliveryFailure("NO_RESOURCE", "Function not found: " + functionArn, false);
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            throw new DeliveryFailure("THROTTLING", "Rate exceeded", true);
        }
        String requestId = UUID.randomUUID().toString();
        executor.execute(() -> attempt(function, payload, requestId, 1));
    }

    private void attempt(LocalFunction function, String payload, String requestId, int attempt) {
        try {
            function.invokeJson(payload.getBytes(StandardCharsets.UTF_8));
            waiting.decrementAndGet();
        } catch (RuntimeException | Error e) {
            Config config = configs.apply(function.name());
            if (attempt <= config.maximumRetryAttempts()) {
                long delay = firstRetryDelay.toMillis() << (attempt - 1);
                executor.schedule(() -> attempt(function, payload, requestId, attempt + 1), delay,
                        TimeUnit.MILLISECONDS);
                return;
            }
            waiting.decrementAndGet();
            failed(function, config, payload, requestId, attempt, e);
        }
    }

    private void failed(LocalFunction function, Config config, String payload, String requestId, int attempts,
                        Throwable error) {
        String message = String.valueOf(error.getMessage());
        if (config.deadLetterQueueArn() != null) {
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            attributes.put("RequestID", string(requestId));
            attributes.put("ErrorCode", string("200"));
            attributes.put("ErrorMessage", string(message));
            send(config.deadLetterQueueArn(), payload, attributes);
        }
        if (config.onFailureQueueArn() != null) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("version", "1.0");
            record.put("timestamp", Instant.now().toString());
            record.put("requestContext", Map.of("requestId", requestId, "functionArn", function.name(),
                    "condition", "RetriesExhausted", "approximateInvokeCount", attempts));
            record.put("requestPayload", Json.tree(payload));
            record.put("responseContext", Map.of("statusCode", 200, "executedVersion", "$LATEST",
                    "functionError", "Unhandled"));
            record.put("responsePayload", Map.of("errorMessage", message,
                    "errorType", error.getClass().getName()));
            send(config.onFailureQueueArn(), Json.write(record), Map.of());
        }
        if (config.deadLetterQueueArn() == null && config.onFailureQueueArn() == null) {
            LOG.warn("{} failed an asynchronous invocation {} times and has no DLQ; the event is dropped: {}",
                    function.name(), attempts, message);
        }
    }

    private void send(String queueArn, String body, Map<String, MessageAttributeValue> attributes) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        try {
            String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).messageAttributes(attributes));
        } catch (RuntimeException e) {
            LOG.error("could not send a failed invocation to {}: {}", queueArn, e.toString());
        }
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Invocations queued or waiting for a retry. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
