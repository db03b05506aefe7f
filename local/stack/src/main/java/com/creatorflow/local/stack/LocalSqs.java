package com.creatorflow.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.DBMessage;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.util.Either;

/**
 * Embedded ElasticMQ speaking the SQS API on loopback, in memory or durable. Durable, it keeps queues and messages in
 * a {@link QueueJournal} in the folder: a send, receive (receive count, visibility) or delete is answered only after
 * its record is written to the file, so a killed process loses nothing that was acknowledged. ElasticMQ leaves
 * non-daemon threads behind, so every owner closes it in a {@code finally} (or try-with-resources).
 */
public final class LocalSqs implements AutoCloseable {
    /** The account id that local queue URLs and ARNs use. */
    public static final String ACCOUNT_ID = "000000000000";
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);

    private final SQSRestServer server;
    private final int port;
    private final ActorSystem actorSystem;
    private final QueueJournal journal;

    private LocalSqs(SQSRestServer server, int port, ActorSystem actorSystem, QueueJournal journal) {
        this.server = server;
        this.port = port;
        this.actorSystem = actorSystem;
        this.journal = journal;
    }

    /** Starts an in-memory ElasticMQ on the given port, or a free one when the port is 0. */
    public static LocalSqs start(int port, String region) {
        return start(port, region, null);
    }

    /**
     * Starts ElasticMQ on the given port (0 = a free one), durable in {@code dir} (created when missing; queues and
     * messages found there are restored before the server answers) or in memory when {@code dir} is null.
     *
     * @throws IllegalStateException when another server (of this process or another) holds the folder
     */
    public static LocalSqs start(int port, String region, Path dir) {
        return start(port, region, dir, false);
    }

    /**
     * Starts ElasticMQ as {@link #start(int, String, Path)} does; with {@code releaseInFlight}, messages that were in
     * flight when the last process stopped (received, not deleted, visibility timeout not over) are visible again at
     * once, their receive counts kept: for an owner whose own pollers were the consumers holding them, which died with
     * the process, so nobody is left to delete them.
     */
    public static LocalSqs start(int port, String region, Path dir, boolean releaseInFlight) {
        if (port != 0 && !FreePorts.isFree(port)) {
            throw new PortInUseException("ElasticMQ (SQS)", port);
        }
        TheSQSRestServerBuilder builder = (port == 0 ? SQSRestServerBuilder.withDynamicPort()
                : SQSRestServerBuilder.withPort(port)).withInterface("127.0.0.1").withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID);
        if (dir == null) {
            return serve(builder.start(), null, null);
        }
        QueueJournal journal = QueueJournal.open(dir);
        ActorSystem system = null;
        try {
            importH2(dir, journal);
            system = ActorSystem.create("elasticmq");
            ActorRef manager = durableQueueManager(system, journal, releaseInFlight);
            LocalSqs sqs = serve(builder.withActorSystem(system).withQueueManagerActor(manager).start(), system,
                    journal);
            LOG.info("ElasticMQ keeps its queues in {}", dir);
            return sqs;
        } catch (RuntimeException e) {
            if (system != null) {
                terminate(system);
            }
            journal.close();
            throw e;
        }
    }

    /** The queue manager with the journal as its event listener, the journal's queues and messages restored in it. */
    private static ActorRef durableQueueManager(ActorSystem system, QueueJournal journal, boolean releaseInFlight) {
        ActorRef store = system.actorOf(Props.create(QueueJournalPersistence.class,
                () -> new QueueJournalPersistence(journal, releaseInFlight)), "sqs-store");
        ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))),
                "sqs-queues");
        Object restored;
        try {
            restored = Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT).toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the queues", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot restore the queues (see the log)", e);
        }
        if (restored instanceof Either<?, ?> either && either.isLeft()) {
            throw new IllegalStateException("cannot restore the queues: " + either.left().get());
        }
        return manager;
    }

    /**
     * Moves the queues and messages of an H2 database left by an older runtime (ElasticMQ's SQL persistence, file
     * {@code messages.mv.db}) into an empty journal, once: the database is renamed {@code .imported} afterwards.
     */
    private static void importH2(Path dir, QueueJournal journal) {
        Path database = dir.resolve("messages.mv.db");
        if (!Files.exists(database) || !journal.queues().isEmpty()) {
            return;
        }
        String uri = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("messages");
        int imported = 0;
        try (Connection connection = DriverManager.getConnection(uri, "", "")) {
            try (PreparedStatement query = connection.prepareStatement("select name, data from queue");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    journal.putQueue(rows.getString(1), rows.getBytes(2));
                }
            }
            List<String> tables = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("select table_name from "
                    + "information_schema.columns where table_schema = 'PUBLIC' and column_name = 'NEXT_DELIVERY'");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String queue : journal.queues().keySet()) {
                String table = ("message_" + queue.replace(".", "_").replace("-", "_") + "_"
                        + Integer.toHexString(queue.hashCode())).toUpperCase(java.util.Locale.ROOT);
                if (!tables.contains(table)) {
                    continue;
                }
                try (PreparedStatement query = connection.prepareStatement("select * from \"" + table + "\"");
                     ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        journal.putMessage(queue, h2Message(rows));
                        imported++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot import the queues of " + database + ": " + e.getMessage(), e);
        }
        try {
            Files.move(database, database.resolveSibling("messages.mv.db.imported"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + database + " after importing it", e);
        }
        LOG.info("imported {} queues and {} messages from {}", journal.queues().size(), imported, database);
    }

    private static DBMessage h2Message(ResultSet row) throws SQLException {
        long received = row.getLong("received");
        Option<Object> firstReceive = row.wasNull() ? Option.empty() : Option.apply(received);
        return new DBMessage(row.getString("message_id"), row.getBytes("delivery_receipts"),
                row.getLong("next_delivery"), row.getBytes("content"), row.getBytes("attributes"),
                row.getLong("created"), firstReceive, row.getInt("receive_count"),
                Option.apply(row.getString("group_id")), Option.apply(row.getString("deduplication_id")),
                Option.apply(row.getString("tracing_id")), Option.apply(row.getString("sequence_number")),
                Option.apply(row.getString("dead_letter_source_queue_name")));
    }

    private static LocalSqs serve(SQSRestServer server, ActorSystem ownSystem, QueueJournal journal) {
        try {
            int bound = server.waitUntilStarted().localAddress().getPort();
            LOG.info("ElasticMQ listening on http://127.0.0.1:{}", bound);
            return new LocalSqs(server, bound, ownSystem, journal);
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
    }

    private static void terminate(ActorSystem system) {
        try {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("ElasticMQ's actor system did not stop: {}", e.toString());
        }
    }

    /** True when queues and messages survive a stop (and a kill). */
    public boolean durable() {
        return actorSystem != null;
    }

    /** The HTTP endpoint to give the SQS client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stopAndWait();
        if (actorSystem != null) {
            terminate(actorSystem);
            journal.close();
        }
    }
}
