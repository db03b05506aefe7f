package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The runtime keeps its queues' messages in the data folder across a restart, and in memory with no folder. */
class DurableQueuesIT {
    @Test
    void aQueuedMessageIsStillThereAfterARestartOnTheSameFolder(@TempDir Path data) {
        try (LocalRuntime first = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data))) {
            String dlq = first.queues().get("OrderSyncDLQ");
            first.aws().sqs().sendMessage(r -> r.queueUrl(dlq).messageBody("parked"));
        }
        assertThat(data.resolve("sqs").resolve("queues.journal")).isRegularFile();
        try (LocalRuntime second = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data))) {
            var sqs = second.aws().sqs();
            var messages = sqs.receiveMessage(r -> r.queueUrl(second.queues().get("OrderSyncDLQ"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            assertThat(messages).extracting(m -> m.body()).containsExactly("parked");
            var redrive = sqs.getQueueAttributes(r -> r.queueUrl(second.queues().get("OrderSyncQueue"))
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes()
                    .get(QueueAttributeName.REDRIVE_POLICY);
            assertThat(redrive).contains("OrderSyncDLQ").contains("5");
        }
    }

    @Test
    void inMemoryNothingIsKept() {
        try (LocalRuntime first = LocalRuntime.start(RuntimeOptions.forTests())) {
            first.aws().sqs().sendMessage(r -> r.queueUrl(first.queues().get("OrderSyncDLQ")).messageBody("gone"));
        }
        try (LocalRuntime second = LocalRuntime.start(RuntimeOptions.forTests())) {
            assertThat(second.aws().sqs().receiveMessage(r -> r.queueUrl(second.queues().get("OrderSyncDLQ"))
                    .waitTimeSeconds(1)).messages()).isEmpty();
        }
    }
}
