package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.DBMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** The journal as ElasticMQ's listener: every message change is answered, also one it cannot read. */
class QueueJournalPersistenceTest {
    private static final Duration ANSWER = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aMessageCaughtHalfChangedIsAnsweredAndTheNextRecordOfItIsKept() throws Exception {
        ActorSystem system = ActorSystem.create("journal-test");
        try (QueueJournal journal = QueueJournal.open(dir)) {
            journal.putQueue("work", "{}".getBytes(StandardCharsets.UTF_8));
            ActorRef listener = system.actorOf(Props.create(QueueJournalPersistence.class,
                    () -> new QueueJournalPersistence(journal, false)));
            InternalMessage halfChanged = message("m1");
            halfChanged.deliveryReceipts().addOne(null);

            Object answer = Patterns.ask(listener, new QueueEvent.MessageAdded("work", halfChanged), ANSWER)
                    .toCompletableFuture().get();
            assertThat(answer).isEqualTo(OperationSuccessful$.MODULE$);
            assertThat(journal.messages("work")).isEmpty();

            Object next = Patterns.ask(listener, new QueueEvent.MessageUpdated("work", message("m1")), ANSWER)
                    .toCompletableFuture().get();
            assertThat(next).isEqualTo(OperationSuccessful$.MODULE$);
            assertThat(journal.messages("work")).extracting(DBMessage::messageId).containsExactly("m1");
        } finally {
            system.terminate();
        }
    }

    private static InternalMessage message(String id) {
        return new DBMessage(id, "[]".getBytes(StandardCharsets.UTF_8), 0L, "body".getBytes(StandardCharsets.UTF_8),
                "[]".getBytes(StandardCharsets.UTF_8), 1L, Option.empty(), 0, Option.empty(), Option.empty(),
                Option.empty(), Option.empty(), Option.empty()).toInternalMessage();
    }
}
