package com.creatorflow.local.sfn.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the engine records state machines, running executions, their history events and checkpoints of their paths,
 * so that a restart resumes what was in flight. Records are JSON objects appended in order; the last record of a key
 * wins. The journal is a sequence of segments: a new segment starts with a snapshot of what is live, after which the
 * older segments can be deleted, so it does not grow with the executions that finished.
 */
public interface Journal extends AutoCloseable {
    /** Appends records; they are in the operating system's hands when this returns. Returns the bytes written. */
    long append(List<ObjectNode> records);

    /** Replays every record of every segment in order; returns how much was read. */
    Replayed replay(Consumer<ObjectNode> consumer);

    /**
     * Starts a new segment that begins with the given records; later appends go to it.
     *
     * @return the new segment's number, for {@link #deleteSegmentsBefore}
     */
    long startSegment(List<ObjectNode> head);

    /** Deletes the segments older than the given one (once the new one holds everything still needed). */
    void deleteSegmentsBefore(long segment);

    /** Bytes written to the current segment. */
    long segmentBytes();

    /** True when records survive a restart. */
    boolean durable();

    @Override
    void close();

    /**
     * What a replay read.
     *
     * @param records records replayed
     * @param bytes bytes read
     * @param segments segment files read
     */
    record Replayed(long records, long bytes, int segments) {
    }

    /** A journal that keeps nothing (in-memory engine). */
    Journal NONE = new Journal() {
        @Override
        public long append(List<ObjectNode> records) {
            return 0;
        }

        @Override
        public Replayed replay(Consumer<ObjectNode> consumer) {
            return new Replayed(0, 0, 0);
        }

        @Override
        public long startSegment(List<ObjectNode> head) {
            return 0;
        }

        @Override
        public void deleteSegmentsBefore(long segment) {
        }

        @Override
        public long segmentBytes() {
            return 0;
        }

        @Override
        public boolean durable() {
            return false;
        }

        @Override
        public void close() {
        }
    };
}
