package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.DynoxideStreamRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the DynamoDB stream records that every reader of their table has read and that are older than DynamoDB
 * Streams' retention, every few minutes, so that the data folder does not keep every change ever made.
 */
final class StreamRecordsTrim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecordsTrim.class);

    private final Dynoxide dynoxide;
    private final StreamCheckpoints checkpoints;
    private final Map<String, List<String>> readersByTable;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private StreamRecordsTrim(Dynoxide dynoxide, StreamCheckpoints checkpoints,
                              Map<String, List<String>> readersByTable, Clock clock) {
        this.dynoxide = dynoxide;
        this.checkpoints = checkpoints;
        this.readersByTable = readersByTable;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stream-records-trim");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Trims now and then every {@code every}; {@code readersByTable} names each stream's reading functions. */
    static StreamRecordsTrim start(Dynoxide dynoxide, StreamCheckpoints checkpoints,
                                   Map<String, List<String>> readersByTable, Clock clock, Duration every) {
        StreamRecordsTrim trim = new StreamRecordsTrim(dynoxide, checkpoints, readersByTable, clock);
        trim.timer.scheduleWithFixedDelay(trim::runSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return trim;
    }

    /** One pass over every table with readers; returns the records deleted. */
    int run() {
        int deleted = 0;
        for (Map.Entry<String, List<String>> table : readersByTable.entrySet()) {
            OptionalLong readUpTo = checkpoints.readByAll(table.getKey(), table.getValue());
            if (readUpTo.isPresent()) {
                deleted += dynoxide.trimStreamRecords(table.getKey(), readUpTo.getAsLong(),
                        clock.instant().minus(DynoxideStreamRecords.RETENTION));
            }
        }
        return deleted;
    }

    private void runSafely() {
        try {
            int deleted = run();
            if (deleted > 0) {
                LOG.info("trimmed {} stream records older than {}", deleted, DynoxideStreamRecords.RETENTION);
            }
        } catch (RuntimeException e) {
            LOG.warn("stream records trim failed; next attempt at the next interval", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
