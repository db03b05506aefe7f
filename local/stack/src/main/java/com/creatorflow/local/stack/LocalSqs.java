package com.creatorflow.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;
import scalikejdbc.ConnectionPool;
import scalikejdbc.ConnectionPool$;

/**
 * Embedded ElasticMQ speaking the SQS API on loopback, in memory or durable. Durable, it keeps queues and messages in
 * an H2 database through ElasticMQ's SQL persistence: a send, receive (receive count, visibility) or delete is
 * answered only after its row is written, and H2 writes every commit to the file at once ({@code WRITE_DELAY=0};
 * H2's default delays writes by up to half a second), so a killed process loses nothing that was acknowledged.
 * ElasticMQ leaves non-daemon threads behind, so every owner closes it in a {@code finally} (or try-with-resources).
 */
public final class LocalSqs implements AutoCloseable {
    /** The account id that local queue URLs and ARNs use. */
    public static final String ACCOUNT_ID = "000000000000";
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);
    /**
     * ElasticMQ's SQL persistence writes through scalikejdbc's one JVM-wide connection pool, so at most one durable
     * server runs in a JVM at a time.
     */
    private static final AtomicReference<LocalSqs> DURABLE = new AtomicReference<>();

    private final SQSRestServer server;
    private final int port;
    private final ActorSystem actorSystem;

    private LocalSqs(SQSRestServer server, int port, ActorSystem actorSystem) {
        this.server = server;
        this.port = port;
        this.actorSystem = actorSystem;
    }

    /** Starts an in-memory ElasticMQ on the given port, or a free one when the port is 0. */
    public static LocalSqs start(int port, String region) {
        return start(port, region, null);
    }

    /**
     * Starts ElasticMQ on the given port (0 = a free one), durable in {@code dir} (created when missing; queues and
     * messages found there are restored before the server answers) or in memory when {@code dir} is null.
     *
     * @throws IllegalStateException when another durable server runs in this JVM or another process holds the folder
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
            return serve(builder.start(), null);
        }
        LocalSqs starting = new LocalSqs(null, 0, null);
        if (!DURABLE.compareAndSet(null, starting)) {
            throw new IllegalStateException("a durable ElasticMQ already runs in this JVM (ElasticMQ's SQL "
                    + "persistence has one connection pool per JVM); close it first");
        }
        ActorSystem system = null;
        try {
            system = ActorSystem.create("elasticmq");
            ActorRef manager = durableQueueManager(system, dir, releaseInFlight);
            LocalSqs sqs = serve(builder.withActorSystem(system).withQueueManagerActor(manager).start(), system);
            DURABLE.set(sqs);
            LOG.info("ElasticMQ keeps its queues in {}", dir);
            return sqs;
        } catch (RuntimeException e) {
            if (system != null) {
                terminate(system);
            }
            ConnectionPool.closeAll();
            DURABLE.set(null);
            throw e;
        }
    }

    /**
     * The queue manager with ElasticMQ's SQL persistence as its event listener, the queues and messages of the
     * folder restored into it.
     */
    private static ActorRef durableQueueManager(ActorSystem system, Path dir, boolean releaseInFlight) {
        String uri = "jdbc:h2:file:" + database(dir) + ";WRITE_DELAY=0";
        pointConnectionPoolAt(uri);
        if (releaseInFlight) {
            releaseInFlight(dir);
        }
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
        ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                () -> new SqlQueuePersistenceActor(config, List$.MODULE$.empty())), "sqs-store");
        ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))),
                "sqs-queues");
        Object restored;
        try {
            restored = Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT).toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the queues of " + dir, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot restore the queues of " + dir + " (see the log)", e);
        }
        if (restored instanceof Either<?, ?> either && either.isLeft()) {
            throw new IllegalStateException("cannot restore the queues of " + dir + ": " + either.left().get());
        }
        return manager;
    }

    private static Path database(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the queue folder " + dir, e);
        }
        return dir.toAbsolutePath().resolve("messages");
    }

    /**
     * Points scalikejdbc's JVM-wide pool, which ElasticMQ's SQL persistence writes through, at this folder's database
     * (ElasticMQ sets it only once per JVM), and opens one connection so that a folder another process holds fails
     * here, clearly, rather than in an actor.
     */
    private static void pointConnectionPoolAt(String uri) {
        try {
            Class.forName("org.h2.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the H2 driver is not on the classpath", e);
        }
        var settings = ConnectionPool.singleton$default$4();
        ConnectionPool.singleton(uri, "", "", settings, ConnectionPool.singleton$default$5(uri, "", "", settings));
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        try (Connection probe = pools.borrow(pools.borrow$default$1())) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the queue database " + uri + " (is another runtime using "
                    + "the same data folder?): " + e.getMessage(), e);
        }
    }

    /**
     * Makes the messages in flight in the folder's database visible now (before ElasticMQ restores them): every
     * message table's rows that were received and whose next delivery is still to come. Delayed messages, never
     * received, keep their delay.
     */
    private static void releaseInFlight(Path dir) {
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        long now = System.currentTimeMillis();
        int released = 0;
        try (Connection connection = pools.borrow(pools.borrow$default$1())) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("select table_name from "
                    + "information_schema.columns where table_schema = 'PUBLIC' and column_name = 'NEXT_DELIVERY'");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (PreparedStatement update = connection.prepareStatement("update \"" + table.replace("\"", "")
                        + "\" set next_delivery = ? where receive_count > 0 and next_delivery > ?")) {
                    update.setLong(1, now);
                    update.setLong(2, now);
                    released += update.executeUpdate();
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the in-flight messages in " + dir + ": "
                    + e.getMessage(), e);
        }
        if (released > 0) {
            LOG.info("{} messages in flight when the last process stopped are visible again", released);
        }
    }

    private static LocalSqs serve(SQSRestServer server, ActorSystem ownSystem) {
        try {
            int bound = server.waitUntilStarted().localAddress().getPort();
            LOG.info("ElasticMQ listening on http://127.0.0.1:{}", bound);
            return new LocalSqs(server, bound, ownSystem);
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
            ConnectionPool.closeAll();
            DURABLE.compareAndSet(this, null);
        }
    }
}
