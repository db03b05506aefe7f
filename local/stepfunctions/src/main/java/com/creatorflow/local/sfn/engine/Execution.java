package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.asl.StateMachineDefinition;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One execution: its identity, status, history and running frames. Its monitor guards all of it; every change is
 * recorded in {@link #pending} and handed to the journal in one write by {@link #commit}.
 */
final class Execution {
    private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    final String arn;
    final String name;
    final StateMachine stateMachine;
    final StateMachineDefinition definition;
    final String inputText;
    final JsonNode input;
    final long startDate;

    ExecutionStatus status = ExecutionStatus.RUNNING;
    Long stopDate;
    String outputText;
    String error;
    String cause;
    int redriveCount;
    Long redriveDate;
    Frame root;
    final Map<String, Frame> frames = new LinkedHashMap<>();
    final List<HistoryEvent> history = new ArrayList<>();
    long eventCounter;
    Scheduler.Timer timeoutTimer;
    ObjectNode contextExecution;
    ObjectNode contextStateMachine;

    /** Who waits for this execution to end (parents of nested executions); not journaled, re-registered on replay. */
    final List<Runnable> finishListeners = new ArrayList<>();
    final List<ObjectNode> pending = new ArrayList<>();
    final Set<Frame> dirty = new LinkedHashSet<>();
    boolean headerDirty = true;
    /** Closed and moved to the archive: no longer this object, but the archive's copy, is the execution. */
    volatile boolean retired;

    /** An execution of an EXPRESS state machine: not journaled, logged when it ends. */
    boolean express() {
        return "EXPRESS".equals(stateMachine.type());
    }

    Execution(String arn, String name, StateMachine stateMachine, StateMachineDefinition definition, String inputText,
              long startDate) {
        this.arn = arn;
        this.name = name;
        this.stateMachine = stateMachine;
        this.definition = definition;
        this.inputText = inputText;
        this.input = JsonValues.parse(inputText);
        this.startDate = startDate;
        refreshContext();
    }

    /** Rebuilds the constant parts of the context object (after a redrive changes the count). */
    void refreshContext() {
        ObjectNode execution = JsonValues.NODES.objectNode();
        execution.put("Id", arn);
        execution.set("Input", input);
        execution.put("Name", name);
        execution.put("RoleArn", stateMachine.roleArn());
        execution.put("StartTime", iso(startDate));
        execution.put("RedriveCount", redriveCount);
        if (redriveDate != null) {
            execution.put("RedriveTime", iso(redriveDate));
        }
        contextExecution = execution;
        ObjectNode machine = JsonValues.NODES.objectNode();
        machine.put("Id", stateMachine.arn());
        machine.put("Name", stateMachine.name());
        contextStateMachine = machine;
    }

    /** A time as the context object shows it: ISO 8601 UTC with milliseconds. */
    static String iso(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }

    /** True while states may run. */
    boolean running() {
        return status == ExecutionStatus.RUNNING;
    }

    /**
     * Appends a history event on a frame's path (or the execution's when frame is null). The states of a distributed
     * Map's iterations run as its child executions: their events go to the child's history, not this one.
     */
    HistoryEvent event(Frame frame, long timestamp, String type, String detailsKey, ObjectNode details) {
        Frame iteration = frame == null ? null : frame.distributedIteration();
        if (iteration != null) {
            MapRun run = iteration.parent.mapRun;
            if (run == null) {
                return new HistoryEvent(frame.lastEventId, frame.lastEventId, timestamp, type, detailsKey, details);
            }
            HistoryEvent event = run.record(iteration.index, frame.lastEventId, timestamp, type, detailsKey, details);
            frame.lastEventId = event.id();
            return event;
        }
        long previous = frame != null ? frame.lastEventId : eventCounter;
        HistoryEvent event = new HistoryEvent(++eventCounter, previous, timestamp, type, detailsKey, details);
        if (frame != null) {
            frame.lastEventId = event.id();
        }
        history.add(event);
        pending.add(Records.event(arn, event));
        return event;
    }

    /** Marks a frame's checkpoint for the next commit. */
    void touch(Frame frame) {
        dirty.add(frame);
    }

    /** The snapshot the API reports. */
    ExecutionView view() {
        return new ExecutionView(arn, stateMachine.arn(), name, status, startDate, stopDate, inputText, outputText,
                error, cause, redriveCount, redriveDate, redrivable(status, stateMachine.type()), null);
    }

    /** Whether RedriveExecution accepts an execution in this status of a state machine of this type. */
    static boolean redrivable(ExecutionStatus status, String machineType) {
        return (status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT
                || status == ExecutionStatus.ABORTED) && !"EXPRESS".equals(machineType);
    }
}
