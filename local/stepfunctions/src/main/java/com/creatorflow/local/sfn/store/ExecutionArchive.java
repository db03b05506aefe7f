package com.creatorflow.local.sfn.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Closed executions, each stored as its journal records (its header first) under its ARN and read only when asked
 * for, kept for the {@link Retention} period and up to its count; an execution past its retention reads as absent.
 */
public interface ExecutionArchive {
    /** Stores a closed execution (replacing an earlier copy, e.g. before a redrive). */
    void put(String executionArn, long stopDate, List<ObjectNode> records);

    /** The first records of a retained execution, header first, up to a number; empty when there is none. */
    List<ObjectNode> records(String executionArn, int limit);

    /** The header record of a retained execution, or null. */
    default ObjectNode header(String executionArn) {
        List<ObjectNode> records = records(executionArn, 1);
        return records.isEmpty() ? null : records.get(0);
    }

    /** Every record of a retained execution, header first; empty when there is none. */
    default List<ObjectNode> records(String executionArn) {
        return records(executionArn, Integer.MAX_VALUE);
    }

    /** The header records of a state machine's retained executions, in no order. */
    List<ObjectNode> headers(String stateMachineArn);

    /** Forgets an execution (it is running again). */
    void remove(String executionArn);

    /** Deletes executions past their retention and the oldest beyond the count. */
    void sweep();

    /** Closed executions stored (counted at the last sweep, plus those stored since). */
    int size();

    /** An archive in the heap, for an engine without a data folder. */
    static ExecutionArchive inMemory(Retention retention, LongSupplier clock) {
        return new MemoryArchive(retention, clock);
    }

    /** The state machine's name in an execution or state machine ARN ({@code arn:aws:states:r:a:kind:machine[:name]}). */
    static String machineName(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 6 ? parts[6] : arn;
    }
}
