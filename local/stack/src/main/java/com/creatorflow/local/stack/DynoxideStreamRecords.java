package com.creatorflow.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Dynoxide's stream records in its SQLite file: an index on their sequence numbers, and a retention trim.
 *
 * <p>Dynoxide 1.2.1 numbers each new stream record with {@code MAX(CAST(sequence_number AS INTEGER))} over the
 * table's records, and GetRecords orders by the same expression, without an index and without ever dropping a
 * record: every write to a table with a stream scans all its stream records so far, so writes slow down as the data
 * folder ages (24 ms per write at 40,000 records). An index on that expression makes both a seek, and the trim keeps
 * the records as DynamoDB Streams does: 24 hours, here only once every reader has read past them, since a local
 * runtime may be stopped for longer than a day.
 */
public final class DynoxideStreamRecords {
    /** How long DynamoDB Streams keeps a record. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final String TABLE = "_stream_records";
    private static final int TRIM_BATCH = 5_000;

    private DynoxideStreamRecords() {
    }

    /** Creates the sequence-number index when Dynoxide's stream table exists and has none yet. */
    static void index(Path dbPath) {
        if (!Files.exists(dbPath)) {
            return;
        }
        try (Connection connection = open(dbPath); Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + TABLE + "'")
                    .next()) {
                return;
            }
            statement.execute("CREATE INDEX IF NOT EXISTS creatorflow_stream_records_by_sequence ON " + TABLE
                    + " (table_name, CAST(sequence_number AS INTEGER))");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot index Dynoxide's stream records in " + dbPath, e);
        }
    }

    /**
     * Deletes a table's stream records created before {@code before} with sequence numbers up to {@code readUpTo},
     * always keeping its newest record (Dynoxide numbers the next one from it), in batches so that Dynoxide's own
     * writes wait at most one batch.
     *
     * @return the number of records deleted
     */
    static int trim(Path dbPath, String table, long readUpTo, Instant before) {
        String delete = "DELETE FROM " + TABLE + " WHERE id IN (SELECT id FROM " + TABLE
                + " WHERE table_name = ?1 AND CAST(sequence_number AS INTEGER) <= ?2 AND created_at < ?3"
                + " AND CAST(sequence_number AS INTEGER) < (SELECT MAX(CAST(sequence_number AS INTEGER)) FROM "
                + TABLE + " WHERE table_name = ?1) LIMIT " + TRIM_BATCH + ")";
        int deleted = 0;
        try (Connection connection = open(dbPath); PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setString(1, table);
            statement.setLong(2, readUpTo);
            statement.setLong(3, before.getEpochSecond());
            int batch;
            do {
                batch = statement.executeUpdate();
                deleted += batch;
            } while (batch == TRIM_BATCH);
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot trim Dynoxide's stream records of " + table + " in " + dbPath, e);
        }
    }

    private static Connection open(Path dbPath) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dbPath.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
        }
        return connection;
    }
}
