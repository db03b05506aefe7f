package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.events.DeliveryFailure;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.testing.TestStack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * EventBridge hands Lambda targets an asynchronous invocation: a function that throws is retried as Lambda does,
 * then the event lands in the function's dead-letter queue and OnFailure destination.
 */
class AsyncInvocationsIT {
    private final TestStack stack = TestStack.get();
    private final SqsClient sqs = stack.env().aws().sqs();

    @Test
    void aThrowingTargetFunctionIsRetriedThenItsEventGoesToTheDeadLetterQueue() throws DeliveryFailure {
        String dlq = sqs.createQueue(r -> r.queueName("async-dlq-" + System.nanoTime())).queueUrl();
        String onFailure = sqs.createQueue(r -> r.queueName("async-failure-" + System.nanoTime())).queueUrl();
        LocalFunction function = new LocalFunction("NotifierFunction", FailingEventHandler.class, stack.env(), 512, 30);
        AsyncInvocations.Config config = new AsyncInvocations.Config(2, arnOf(dlq), arnOf(onFailure));
        String marker = "m-" + System.nanoTime();
        try (AsyncInvocations invocations = new AsyncInvocations(name -> {
            if (!name.endsWith("NotifierFunction")) {
                throw new IllegalArgumentException("no function " + name);
            }
            return function;
        }, name -> config, sqs, "async-" + System.nanoTime(), Duration.ofMillis(20)).start()) {
            invocations.invokeAsync("arn:aws:lambda:us-east-1:000000000000:function:NotifierFunction",
                    "{\"marker\": \"" + marker + "\"}");
            Message dead = receive(dlq);
            assertThat(dead).isNotNull();
            assertThat(Json.tree(dead.body()).get("marker").asText()).isEqualTo(marker);
            assertThat(dead.messageAttributes().get("ErrorMessage").stringValue()).contains("the notifier is down");
            assertThat(dead.messageAttributes()).containsKey("RequestID");
            assertThat(FailingEventHandler.PAYLOADS.stream().filter(p -> p.contains(marker)).count())
                    .as("the first attempt and Lambda's two retries").isEqualTo(3);
            Message record = receive(onFailure);
            assertThat(Json.tree(record.body()).at("/requestContext/condition").asText())
                    .isEqualTo("RetriesExhausted");
            assertThat(Json.tree(record.body()).at("/requestPayload/marker").asText()).isEqualTo(marker);

            assertThatThrownBy(() -> invocations.invokeAsync("arn:aws:lambda:us-east-1:000000000000:function:Nope",
                    "{}")).isInstanceOfSatisfying(DeliveryFailure.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("NO_RESOURCE");
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    @Test
    void theTemplatesAsyncSettingsAreRead() {
        assertThat(AsyncInvocations.Config.of(new com.creatorflow.local.stack.LocalResolver(
                com.creatorflow.local.stack.CfnTemplate.project(), "us-east-1", java.net.URI.create("http://sqs"),
                Map.of()), "OrderEventsFunction")).isEqualTo(AsyncInvocations.Config.DEFAULT);
    }

    private static String arnOf(String queueUrl) {
        return "arn:aws:sqs:us-east-1:" + LocalSqs.ACCOUNT_ID + ":" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    private Message receive(String queueUrl) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                return message;
            }
        }
        return null;
    }
}
