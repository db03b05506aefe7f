package com.creatorflow.local.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.ElasticMQError;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.msg.CreateQueue;
import org.elasticmq.msg.RestoreMessages;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.DBMessage;
import org.elasticmq.persistence.sql.DBQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;
import scala.util.Left;
import scala.util.Right;

/**
 * ElasticMQ's queue event listener on a {@link QueueJournal}: it records every queue and message change before
 * ElasticMQ answers the request that made it, and on {@link QueueEvent.Restore} creates the stored queues (dead-letter
 * queues first) and gives them back their messages. It keeps the records ElasticMQ's SQL persistence keeps, in its
 * own format, at a fraction of the CPU of an SQL commit per change.
 */
final class QueueJournalPersistence extends AbstractActor {
    private static final Duration RESTORE_STEP = Duration.ofSeconds(30);
    private static final int SNAPSHOT_ATTEMPTS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(QueueJournalPersistence.class);

    private final QueueJournal journal;
    private final boolean releaseInFlight;

    /**
     * @param journal the journal, owned by the caller
     * @param releaseInFlight make messages in flight at the last stop visible at once on restore (their receive
     *     counts kept), for an owner whose own pollers held them and died with the process
     */
    QueueJournalPersistence(QueueJournal journal, boolean releaseInFlight) {
        this.journal = journal;
        this.releaseInFlight = releaseInFlight;
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(QueueEvent.QueueCreated.class, e -> putQueue(e.queue()))
                .match(QueueEvent.QueueMetadataUpdated.class, e -> putQueue(e.queue()))
                .match(QueueEvent.QueueDeleted.class, e -> journal.deleteQueue(e.queueName()))
                .match(QueueEvent.MessageAdded.class, e -> putMessage(e.queueName(), e.message()))
                .match(QueueEvent.MessageUpdated.class, e -> putMessage(e.queueName(), e.message()))
                .match(QueueEvent.MessageRemoved.class, e -> {
                    try {
                        journal.removeMessage(e.queueName(), e.messageId());
                    } finally {
                        getSender().tell(OperationSuccessful$.MODULE$, getSelf());
                    }
                })
                .match(QueueEvent.Restore.class, e -> getSender().tell(restore(e.queueManagerActor()), getSelf()))
                .build();
    }

    private void putQueue(org.elasticmq.QueueData queue) {
        journal.putQueue(queue.name(), DBQueue.from(CreateQueueMetadata.from(queue)).data());
    }

    /**
     * Records the message and answers. ElasticMQ hands the listener the queue's own mutable message, which the queue
     * may change (a receive adds a receipt) while it is read here; a read that caught it half-way is read again, and
     * one that never settles is left to the record of that very change, which follows.
     */
    private void putMessage(String queue, InternalMessage message) {
        try {
            snapshot(message).ifPresentOrElse(m -> journal.putMessage(queue, m), () -> LOG.warn(
                    "message {} of {} changed while it was recorded; its next record carries it", message.id(), queue));
        } finally {
            getSender().tell(OperationSuccessful$.MODULE$, getSelf());
        }
    }

    private static java.util.Optional<DBMessage> snapshot(InternalMessage message) {
        for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
            try {
                return java.util.Optional.of(DBMessage.from(message));
            } catch (RuntimeException changing) {
                Thread.yield();
            }
        }
        return java.util.Optional.empty();
    }

    /** Creates the stored queues in the manager, dead-letter queues first, each with its stored messages. */
    private Either<scala.collection.immutable.List<ElasticMQError>, Object> restore(ActorRef manager) {
        List<CreateQueueMetadata> stored = new ArrayList<>();
        for (Map.Entry<String, byte[]> queue : journal.queues().entrySet()) {
            stored.add(new DBQueue(queue.getKey(), queue.getValue()).toCreateQueue());
        }
        var ordered = CreateQueueMetadata.mergePersistedAndBaseQueues(
                CollectionConverters.asScala(stored).toList(), scala.collection.immutable.List$.MODULE$.empty());
        List<ElasticMQError> errors = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (CreateQueueMetadata queue : CollectionConverters.asJava(ordered)) {
            Object created = ask(manager, new CreateQueue(queue.toCreateQueueData()));
            if (created instanceof Left<?, ?> refused) {
                errors.add((ElasticMQError) refused.value());
                continue;
            }
            ActorRef queueActor = (ActorRef) ((Right<?, ?>) created).value();
            List<InternalMessage> messages = new ArrayList<>();
            for (DBMessage message : journal.messages(queue.name())) {
                messages.add((releaseInFlight ? released(message, now) : message).toInternalMessage());
            }
            ask(queueActor, new RestoreMessages(CollectionConverters.asScala(messages).toList()));
        }
        return errors.isEmpty() ? new Right<>(OperationSuccessful$.MODULE$)
                : new Left<>(CollectionConverters.asScala(errors).toList());
    }

    /** The message visible now when it was received and its visibility timeout is still running. */
    private static DBMessage released(DBMessage m, long now) {
        if (m.receiveCount() == 0 || m.nextDelivery() <= now) {
            return m;
        }
        return new DBMessage(m.messageId(), m.deliveryReceipts(), now, m.content(), m.attributes(), m.created(),
                m.received(), m.receiveCount(), m.groupId(), m.deduplicationId(), m.tracingId(), m.sequenceNumber(),
                m.deadLetterSourceQueueName());
    }

    private static Object ask(ActorRef target, Object message) {
        try {
            return Patterns.ask(target, message, RESTORE_STEP).toCompletableFuture()
                    .get(RESTORE_STEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the queues", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("restoring the queues failed: " + e, e);
        }
    }
}
