package com.creatorflow.local.runtime;

import com.creatorflow.local.events.DeliveryFailure;
import com.creatorflow.local.events.LambdaInvoker;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's asynchronous invocation, as EventBridge uses it: the invocation is queued (that is the delivery), the
 * function runs later, a function error is retried {@code EventInvokeConfig.MaximumRetryAttempts} times (default
 * 2) with growing delays, and an invocation that still fails goes to the function's {@code DeadLetterQueue}
 * (payload as body; RequestID, ErrorCode, ErrorMessage attributes) or its {@code EventInvokeConfig} OnFailure queue
 * (an invocation record). The queue of waiting invocations is an internal queue of the local SQS, so with a data
 * folder an accepted invocation survives a crash as the other queues' messages do: one in flight when the process
 * died is visible again at the next start and runs then (at least once, as in AWS). The attempt is the message's
 * receive count; a retry waits by its visibility timeout. The queue is bounded: when
 * {@value #MAX_WAITING} invocations wait, more are refused as throttled, and EventBridge retries them.
 */
public final class AsyncInvocations implements LambdaInvoker, AutoCloseable {
    /** The internal queue of the local runtime's asynchronous invocations. */
    public static final String QUEUE = "creatorflow-lambda-async";
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvocations.class);
    private static final int MAX_WAITING = 5_000;
    private static final int RUNNERS = 2;
    /** Longer than any function's timeout (Lambda's maximum), so a running invocation is never received twice. */
    private static final int RUNNING_VISIBILITY_SECONDS = 900;
    private static final String FUNCTION = "function";
    private static final String REQUEST_ID = "requestId";

    private final Function<String, LocalFunction> functions;
    private final Function<String, Config> configs;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration firstRetryDelay;
    private final List<Thread> runners = new ArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

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
     * Creates the queue when it does not exist yet; {@link #start()} runs what it holds.
     *
     * @param functions finds a function by ARN or name (throws IllegalArgumentException when there is none)
     * @param configs the asynchronous settings of a function, by its name
     * @param sqs the local SQS: the queue of waiting invocations, dead-letter and failure destinations
     * @param queue the name of the queue of waiting invocations ({@link #QUEUE} in the runtime)
     * @param firstRetryDelay the delay before the first retry (doubled for the second; at least a second, as SQS
     *     visibility counts seconds; AWS waits about a minute)
     */
    public AsyncInvocations(Function<String, LocalFunction> functions, Function<String, Config> configs,
                            SqsClient sqs, String queue, Duration firstRetryDelay) {
        this.functions = functions;
        this.configs = configs;
        this.sqs = sqs;
        this.firstRetryDelay = firstRetryDelay;
        this.queueUrl = sqs.createQueue(r -> r.queueName(queue).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(RUNNING_VISIBILITY_SECONDS)))).queueUrl();
        waiting.set(Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
    }

    /**
     * Starts running the waiting invocations, those accepted before a crash included: once the functions can be
     * found.
     */
    public synchronized AsyncInvocations start() {
        if (runners.isEmpty()) {
            for (int i = 0; i < RUNNERS; i++) {
                Thread runner = new Thread(this::run, "lambda-async-" + i);
                runner.setDaemon(true);
                runners.add(runner);
                runner.start();
            }
        }
        return this;
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
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(payload).messageAttributes(Map.of(
                    FUNCTION, string(function.name()), REQUEST_ID, string(UUID.randomUUID().toString()))));
        } catch (RuntimeException e) {
            waiting.decrementAndGet();
            throw new DeliveryFailure("ServiceException", "the invocation was not queued: " + e.getMessage(), true);
        }
    }

    /** A runner: receives one waiting invocation at a time and runs it. */
    private void run() {
        while (!closed) {
            try {
                for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1)
                        .waitTimeSeconds(1).messageAttributeNames(FUNCTION, REQUEST_ID)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .messages()) {
                    attempt(message);
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("receiving asynchronous invocations: {}", e.toString());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void attempt(Message message) {
        String name = message.messageAttributes().get(FUNCTION).stringValue();
        String requestId = message.messageAttributes().get(REQUEST_ID).stringValue();
        int attempt = Integer.parseInt(message.attributes().getOrDefault(
                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        LocalFunction function;
        try {
            function = functions.apply(name);
        } catch (IllegalArgumentException e) {
            LOG.warn("an asynchronous invocation {} of {} is dropped: the function no longer exists", requestId, name);
            finish(message);
            return;
        }
        try {
            function.invokeJson(message.body().getBytes(StandardCharsets.UTF_8));
            finish(message);
        } catch (RuntimeException | Error e) {
            Config config = configs.apply(function.name());
            if (attempt <= config.maximumRetryAttempts()) {
                long delay = firstRetryDelay.toMillis() << (attempt - 1);
                int seconds = (int) Math.max(1, (delay + 999) / 1000);
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(seconds));
                return;
            }
            failed(function, config, message.body(), requestId, attempt, e);
            finish(message);
        }
    }

    private void finish(Message message) {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        waiting.decrementAndGet();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
    public synchronized void close() {
        closed = true;
        for (Thread runner : runners) {
            try {
                runner.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
