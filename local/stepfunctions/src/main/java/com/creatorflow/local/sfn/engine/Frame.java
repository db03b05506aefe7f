package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.asl.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One running path of an execution: the top level, a Parallel branch or a Map iteration. It sits at one state with
 * that state's raw input, in a phase (running, waiting for a task, a token, a timer, or its children). Every field
 * is guarded by the owning {@link Execution}'s monitor.
 */
final class Frame {
    /** What a frame is doing at its current state. */
    enum Phase {
        /** Ready to run its state. */
        RUN,
        /** A task call is in flight. */
        TASK,
        /** Waiting for SendTaskSuccess/Failure with its token. */
        TOKEN,
        /** A Wait state's timer runs. */
        WAIT,
        /** A Retry interval runs. */
        RETRY,
        /** A Parallel or Map state waits for its branches or iterations. */
        CHILDREN
    }

    /** Where a frame ended up. */
    enum Status {
        RUNNING, SUCCEEDED, FAILED, ABORTED
    }

    final String id;
    final Frame parent;
    /** The Parallel branch index or Map item index; -1 at the top level. */
    final int index;
    final State.Branch branch;

    String stateName;
    JsonNode input;
    Phase phase = Phase.RUN;
    Status status = Status.RUNNING;
    boolean entered;
    long enteredAt;
    int[] retryCounts = new int[0];
    long deadline;
    String token;
    long heartbeatSeconds;
    int attempt;
    Scheduler.Timer timer;
    Scheduler.Timer heartbeatTimer;
    JsonNode output;
    /** The workflow variables this frame's scope assigned (replaced, never changed in place); null when none. */
    ObjectNode variables;
    String error;
    String cause;
    long lastEventId;
    /** A turn of {@link Interpreter#advance} runs for this frame. */
    boolean active;
    /** Someone asked for a turn while one ran: run another when it ends. */
    boolean advanceAgain;

    /** Children of a Parallel or Map state (this frame in phase CHILDREN). */
    List<Frame> children = new ArrayList<>();
    int generation;
    JsonNode effectiveInput;
    ArrayNode items;
    JsonNode[] results;
    int launched;
    int completed;
    int failures;
    int maxConcurrency;
    /** The Map Run of a distributed Map frame in phase CHILDREN (not journaled: rebuilt after a restart). */
    MapRun mapRun;

    Frame(String id, Frame parent, int index, State.Branch branch, String stateName, JsonNode input) {
        this.id = id;
        this.parent = parent;
        this.index = index;
        this.branch = branch;
        this.stateName = stateName;
        this.input = input;
    }

    /** The state the frame is at. */
    State state() {
        return branch.state(stateName);
    }

    /**
     * The iteration of a distributed Map (a child execution) this frame runs in: itself or the ancestor whose parent
     * is the Map; null outside any.
     */
    Frame distributedIteration() {
        for (Frame inner = this, outer = parent; outer != null; inner = outer, outer = outer.parent) {
            if (outer.state() instanceof State.Map map && map.distributed() != null) {
                return inner;
            }
        }
        return null;
    }

    /** Cancels the frame's timers. */
    void cancelTimers() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
    }

    /** The sum of retries made at the current state. */
    int retryCount() {
        int total = 0;
        for (int count : retryCounts) {
            total += count;
        }
        return total;
    }
}
