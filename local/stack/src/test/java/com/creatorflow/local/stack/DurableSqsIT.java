package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.immutable.List$;
import scalikejdbc.ConnectionPool;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Durable ElasticMQ: what was acknowledged survives a SIGKILL of its JVM; in-flight messages come back later. */
class DurableSqsIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int IN_FLIGHT_SECONDS = 15;

    @TempDir
    Path temp;

    @Test
    void acknowledgedMessagesSurviveAKillOfTheJvm() throws Exception {
        Path data = temp.resolve("sqs");
        Set<String> deleted = new HashSet<>();
        Set<String> inFlight = new HashSet<>();
        try (ChildJvm first = probe(data, "first.log")) {
            SqsClient sqs = client(first);
            String dlq = sqs.createQueue(r -> r.queueName("work-dlq")).queueUrl();
            String dlqArn = "arn:aws:sqs:" + LocalClients.REGION + ":" + LocalSqs.ACCOUNT_ID + ":work-dlq";
            String work = sqs.createQueue(r -> r.queueName("work").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                    QueueAttributeName.REDRIVE_POLICY, redrive(dlqArn, 3)))).queueUrl();
            String poison = sqs.createQueue(r -> r.queueName("poison").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                    QueueAttributeName.REDRIVE_POLICY, redrive(dlqArn, 1)))).queueUrl();
            IntStream.range(0, 20).forEach(i -> sqs.sendMessage(r -> r.queueUrl(work).messageBody("m" + i)));

            for (Message message : receive(sqs, work, 10, 30)) {
                sqs.deleteMessage(r -> r.queueUrl(work).receiptHandle(message.receiptHandle()));
                deleted.add(message.body());
            }
            receive(sqs, work, 5, IN_FLIGHT_SECONDS).forEach(message -> inFlight.add(message.body()));
            sqs.sendMessage(r -> r.queueUrl(poison).messageBody("poison"));
            assertThat(receive(sqs, poison, 1, 1)).hasSize(1);
            // the last acknowledged sends right before the kill
            IntStream.range(20, 30).forEach(i -> sqs.sendMessage(r -> r.queueUrl(work).messageBody("m" + i)));
            assertThat(dlq).isNotBlank();
            first.kill();
        }
        long killedAt = System.nanoTime();

        try (ChildJvm second = probe(data, "second.log")) {
            SqsClient sqs = client(second);
            String work = sqs.getQueueUrl(r -> r.queueName("work")).queueUrl();
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(work)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("work-dlq").contains("3");

            List<String> visible = drain(sqs, work);
            Set<String> expected = new HashSet<>();
            IntStream.range(0, 30).forEach(i -> expected.add("m" + i));
            expected.removeAll(deleted);
            if (Duration.ofNanos(System.nanoTime() - killedAt).toSeconds() < IN_FLIGHT_SECONDS - 5) {
                assertThat(visible).as("nothing in flight is visible before its timeout").doesNotContainAnyElementsOf(
                        inFlight).hasSize(15);
            }
            List<String> all = new ArrayList<>(visible);
            long deadline = System.nanoTime() + Duration.ofSeconds(IN_FLIGHT_SECONDS + 30).toNanos();
            while (all.size() < expected.size() && System.nanoTime() < deadline) {
                all.addAll(drain(sqs, work));
                Thread.sleep(500);
            }
            assertThat(all).as("every message not deleted, once: unacknowledged and in-flight ones")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(all).doesNotContainAnyElementsOf(deleted);

            String poison = sqs.getQueueUrl(r -> r.queueName("poison")).queueUrl();
            String dlq = sqs.getQueueUrl(r -> r.queueName("work-dlq")).queueUrl();
            assertThat(drain(sqs, poison)).as("received once already, it is redriven instead").isEmpty();
            assertThat(drain(sqs, dlq)).containsExactly("poison");
        }
    }

    @Test
    void releasingInFlightMessagesAtStartMakesThemVisibleAtOnceWithTheirReceiveCount() {
        Path data = temp.resolve("release");
        try (LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, data)) {
            SqsClient client = LocalClients.sqs(sqs.endpoint());
            String queue = client.createQueue(r -> r.queueName("leased").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "300"))).queueUrl();
            client.sendMessage(r -> r.queueUrl(queue).messageBody("held"));
            client.sendMessage(r -> r.queueUrl(queue).messageBody("delayed").delaySeconds(300));
            assertThat(receive(client, queue, 1, 300)).extracting(Message::body).containsExactly("held");
        }
        try (LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, data, false)) {
            SqsClient client = LocalClients.sqs(sqs.endpoint());
            assertThat(drain(client, client.getQueueUrl(r -> r.queueName("leased")).queueUrl()))
                    .as("kept in flight without the release").isEmpty();
        }
        try (LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, data, true)) {
            SqsClient client = LocalClients.sqs(sqs.endpoint());
            String queue = client.getQueueUrl(r -> r.queueName("leased")).queueUrl();
            List<Message> again = client.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            assertThat(again).extracting(Message::body).containsExactly("held");
            assertThat(again.getFirst().attributes()).containsEntry(
                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
        }
    }

    @Test
    void aFolderServesOneServerAtATimeAndReopensAfterClose() {
        Path data = temp.resolve("inprocess");
        try (LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, data);
             LocalSqs other = LocalSqs.start(0, LocalClients.REGION, temp.resolve("other"))) {
            assertThat(sqs.durable()).isTrue();
            assertThat(other.durable()).isTrue();
            assertThatThrownBy(() -> LocalSqs.start(0, LocalClients.REGION, data))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
            SqsClient client = LocalClients.sqs(sqs.endpoint());
            String queue = client.createQueue(r -> r.queueName("kept")).queueUrl();
            client.sendMessage(r -> r.queueUrl(queue).messageBody("hello"));
        }
        try (LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, data);
             LocalSqs inMemory = LocalSqs.start(0, LocalClients.REGION)) {
            assertThat(inMemory.durable()).isFalse();
            SqsClient client = LocalClients.sqs(sqs.endpoint());
            assertThat(drain(client, client.getQueueUrl(r -> r.queueName("kept")).queueUrl()))
                    .containsExactly("hello");
        }
    }

    @Test
    void queuesAndMessagesOfAnOlderRuntimesH2StoreAreImportedOnce() throws Exception {
        Path data = temp.resolve("h2");
        String left = writeWithOlderH2Store(data);
        try (LocalSqs imported = LocalSqs.start(0, LocalClients.REGION, data, true)) {
            SqsClient client = LocalClients.sqs(imported.endpoint());
            String url = client.getQueueUrl(r -> r.queueName("older-queue")).queueUrl();
            assertThat(client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.VISIBILITY_TIMEOUT)).attributes())
                    .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "45");
            assertThat(drain(client, url)).containsExactly(left);
        }
        assertThat(data.resolve("messages.mv.db")).doesNotExist();
        assertThat(data.resolve("messages.mv.db.imported")).isRegularFile();
    }

    /**
     * Makes a queue with two messages, one of them deleted, through ElasticMQ's SQL persistence in H2 (as the runtime
     * did before the journal), stops it, and returns the body of the message left.
     */
    private static String writeWithOlderH2Store(Path data) throws Exception {
        String uri = "jdbc:h2:file:" + data.toAbsolutePath().resolve("messages") + ";WRITE_DELAY=0";
        ActorSystem system = ActorSystem.create("older");
        SQSRestServer server = null;
        try {
            SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
            ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                    () -> new SqlQueuePersistenceActor(config, List$.MODULE$.empty())));
            ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))));
            server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1")
                    .withActorSystem(system).withQueueManagerActor(manager).start();
            int port = server.waitUntilStarted().localAddress().getPort();
            SqsClient sqs = LocalClients.sqs(URI.create("http://127.0.0.1:" + port));
            String queue = sqs.createQueue(r -> r.queueName("older-queue").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "45"))).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("carried over"));
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("deleted before"));
            Message deleted = receive(sqs, queue, 1, 30).getFirst();
            sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(deleted.receiptHandle()));
            return deleted.body().equals("deleted before") ? "carried over" : "deleted before";
        } finally {
            if (server != null) {
                server.stopAndWait();
            }
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get();
            ConnectionPool.closeAll();
        }
    }

    private ChildJvm probe(Path data, String log) {
        return ChildJvm.start(DurableSqsProbe.class, List.of(), List.of(data.toString()), temp.resolve(log));
    }

    private static SqsClient client(ChildJvm jvm) throws InterruptedException {
        return LocalClients.sqs(URI.create("http://127.0.0.1:" + jvm.awaitLine("PORT ", START)));
    }

    private static String redrive(String dlqArn, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
    }

    private static List<Message> receive(SqsClient sqs, String queue, int count, int visibilitySeconds) {
        List<Message> received = new ArrayList<>();
        while (received.size() < count) {
            received.addAll(sqs.receiveMessage(r -> r.queueUrl(queue).visibilityTimeout(visibilitySeconds)
                    .maxNumberOfMessages(Math.min(10, count - received.size())).waitTimeSeconds(1)).messages());
        }
        return received;
    }

    /** Receives and deletes what is visible now. */
    private static List<String> drain(SqsClient sqs, String queue) {
        List<String> bodies = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                bodies.add(message.body());
                sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return bodies;
    }
}
