package com.creatorflow.local.sfn.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the engine records state machines, executions, history events and checkpoints of running paths, so that a
 * restart resumes what was in flight. Records are JSON objects appended in order; the last record of a key wins.
 */
public interface Journal extends AutoCloseable {
    /** Appends records; they are in the operating system's hands when this returns. */
    void append(List<ObjectNode> records);

    /** Replays every record in order. */
    void replay(Consumer<ObjectNode> consumer);

    /** Replaces the journal's content with the given records (compaction at start). */
    void rewrite(List<ObjectNode> records);

    /** True when records survive a restart. */
    boolean durable();

    @Override
    void close();

    /** A journal that keeps nothing (in-memory engine). */
    Journal NONE = new Journal() {
        @Override
        public void append(List<ObjectNode> records) {
        }

        @Override
        public void replay(Consumer<ObjectNode> consumer) {
        }

        @Override
        public void rewrite(List<ObjectNode> records) {
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
