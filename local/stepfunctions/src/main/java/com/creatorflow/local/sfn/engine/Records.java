package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.asl.StateMachineDefinition;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The journal's record shapes: state machines ({@code sm}), execution headers ({@code ex}), history events
 * ({@code ev}), frame checkpoints ({@code fr}) and archived markers ({@code arc}: the execution closed and moved to
 * the archive). One JSON object per record, keyed by {@code k}. Also the way back: an execution rebuilt from its
 * records, at start or when an archived one is redriven.
 */
final class Records {
    private Records() {
    }

    /** Everything needed to rebuild an execution: its header with the definition, its history, its frames. */
    static List<ObjectNode> snapshot(Execution x) {
        List<ObjectNode> out = new ArrayList<>(x.history.size() + x.frames.size() + 1);
        out.add(execution(x, true));
        x.history.forEach(event -> out.add(event(x.arn, event)));
        if (x.status != ExecutionStatus.SUCCEEDED) {
            x.frames.values().forEach(f -> out.add(frame(x.arn, f)));
        }
        return out;
    }

    /** The execution closed and is in the archive: replay forgets what came before for it. */
    static ObjectNode archived(String executionArn) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("k", "arc");
        out.put("x", executionArn);
        return out;
    }

    /** DescribeExecution's view of an execution from its header record. */
    static ExecutionView view(JsonNode header) {
        ExecutionStatus status = ExecutionStatus.valueOf(header.get("st").asText());
        boolean redrivable = Execution.redrivable(status, header.path("type").asText());
        return new ExecutionView(header.get("arn").asText(), header.get("sm").asText(), header.get("name").asText(),
                status, header.get("start").asLong(), header.has("stop") ? header.get("stop").asLong() : null,
                header.get("in").asText(), header.path("out").asText(null), header.path("err").asText(null),
                header.path("cause").asText(null), header.path("rc").asInt(), header.has("rd")
                ? header.get("rd").asLong() : null, redrivable, null);
    }

    /**
     * Rebuilds an execution from its records: header (with {@code def}), history events and frame checkpoints (the
     * last of each frame; stale frames of an earlier attempt of a Parallel or Map are skipped).
     *
     * @param machines the state machines, for the execution's own (a stand-in when it was deleted)
     */
    static Execution restore(ObjectNode header, Collection<HistoryEvent> events, Collection<ObjectNode> frames,
                             Map<String, StateMachine> machines) {
        String machineArn = header.get("sm").asText();
        String definitionText = header.get("def").asText();
        StateMachineDefinition definition = StateMachineDefinition.parse(definitionText);
        StateMachine machine = machines.get(machineArn);
        if (machine == null) {
            String machineName = machineArn.substring(machineArn.lastIndexOf(':') + 1);
            machine = new StateMachine(machineArn, machineName, header.path("type").asText("STANDARD"),
                    header.path("role").asText(), definition, header.get("start").asLong(),
                    StepFunctionsEngine.revision(definitionText));
        }
        Execution x = new Execution(header.get("arn").asText(), header.get("name").asText(), machine, definition,
                header.get("in").asText(), header.get("start").asLong());
        x.status = ExecutionStatus.valueOf(header.get("st").asText());
        x.stopDate = header.has("stop") ? header.get("stop").asLong() : null;
        x.outputText = header.path("out").asText(null);
        x.error = header.path("err").asText(null);
        x.cause = header.path("cause").asText(null);
        x.redriveCount = header.path("rc").asInt();
        x.redriveDate = header.has("rd") ? header.get("rd").asLong() : null;
        x.refreshContext();
        x.history.addAll(events);
        x.history.sort(Comparator.comparingLong(HistoryEvent::id));
        x.eventCounter = x.history.isEmpty() ? 0 : x.history.get(x.history.size() - 1).id();
        List<ObjectNode> ordered = new ArrayList<>(frames);
        ordered.sort(Comparator.comparingInt(r -> r.get("f").asText().split("\\.").length));
        for (ObjectNode record : ordered) {
            restoreFrame(x, record);
        }
        x.headerDirty = false;
        return x;
    }

    private static void restoreFrame(Execution x, ObjectNode record) {
        String id = record.get("f").asText();
        Frame parent = record.has("parent") ? x.frames.get(record.get("parent").asText()) : null;
        int index = record.get("i").asInt();
        State.Branch branch;
        if (parent == null) {
            if (record.has("parent")) {
                return;
            }
            branch = x.definition.root();
        } else {
            if (!id.startsWith(parent.id + "." + parent.generation + ".")) {
                return;
            }
            State parentState = parent.state();
            branch = parentState instanceof State.Parallel parallel ? parallel.branches().get(index)
                    : ((State.Map) parentState).processor();
        }
        Frame f = new Frame(id, parent, index, branch, record.get("s").asText(), record.get("in"));
        f.phase = Frame.Phase.valueOf(record.get("ph").asText());
        f.status = Frame.Status.valueOf(record.get("st").asText());
        f.entered = record.get("en").asBoolean();
        f.enteredAt = record.get("et").asLong();
        JsonNode retries = record.get("rc");
        f.retryCounts = new int[retries.size()];
        for (int i = 0; i < retries.size(); i++) {
            f.retryCounts[i] = retries.get(i).asInt();
        }
        f.deadline = record.get("dl").asLong();
        f.token = record.path("tk").asText(null);
        f.heartbeatSeconds = record.path("hb").asLong();
        f.lastEventId = record.get("le").asLong();
        f.output = record.get("out");
        f.error = record.path("err").asText(null);
        f.cause = record.path("cause").asText(null);
        f.variables = record.get("v") instanceof ObjectNode variables ? variables : null;
        if (f.phase == Frame.Phase.CHILDREN) {
            f.generation = record.get("gen").asInt();
            f.effectiveInput = record.get("eff");
            f.items = record.has("items") ? (ArrayNode) record.get("items") : null;
            f.launched = record.path("launched").asInt();
            f.maxConcurrency = record.path("mc").asInt();
            f.results = new JsonNode[f.items != null ? f.items.size()
                    : ((State.Parallel) f.state()).branches().size()];
        }
        x.frames.put(id, f);
        if (parent != null) {
            parent.children.add(f);
            if (f.status == Frame.Status.SUCCEEDED) {
                parent.results[index] = f.output;
                parent.completed++;
            } else if (f.status == Frame.Status.FAILED && parent.state() instanceof State.Map map
                    && (map.toleratedFailureCount() != null || map.toleratedFailurePercentage() != null)) {
                ObjectNode errorOutput = JsonValues.NODES.objectNode();
                errorOutput.put("Error", f.error);
                if (f.cause != null) {
                    errorOutput.put("Cause", f.cause);
                }
                parent.results[index] = errorOutput;
                parent.completed++;
                parent.failures++;
            }
        } else {
            x.root = f;
        }
    }

    static ObjectNode stateMachine(StateMachine machine) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("k", "sm");
        out.put("arn", machine.arn());
        out.put("name", machine.name());
        out.put("type", machine.type());
        out.put("role", machine.roleArn());
        out.put("def", machine.definition().text());
        out.put("created", machine.creationDate());
        out.put("rev", machine.revisionId());
        return out;
    }

    static ObjectNode execution(Execution x, boolean withDefinition) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("k", "ex");
        out.put("arn", x.arn);
        out.put("name", x.name);
        out.put("sm", x.stateMachine.arn());
        out.put("type", x.stateMachine.type());
        out.put("role", x.stateMachine.roleArn());
        if (withDefinition) {
            out.put("def", x.definition.text());
        }
        out.put("in", x.inputText);
        out.put("start", x.startDate);
        out.put("st", x.status.name());
        putIfNotNull(out, "stop", x.stopDate);
        putIfNotNull(out, "out", x.outputText);
        putIfNotNull(out, "err", x.error);
        putIfNotNull(out, "cause", x.cause);
        out.put("rc", x.redriveCount);
        putIfNotNull(out, "rd", x.redriveDate);
        return out;
    }

    static ObjectNode event(String executionArn, HistoryEvent event) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("k", "ev");
        out.put("x", executionArn);
        out.put("id", event.id());
        out.put("p", event.previousEventId());
        out.put("t", event.timestamp());
        out.put("ty", event.type());
        if (event.detailsKey() != null) {
            out.put("dk", event.detailsKey());
            out.set("d", event.details());
        }
        return out;
    }

    static HistoryEvent event(JsonNode record) {
        return new HistoryEvent(record.get("id").asLong(), record.get("p").asLong(), record.get("t").asLong(),
                record.get("ty").asText(), record.path("dk").asText(null),
                record.has("d") ? (ObjectNode) record.get("d") : null);
    }

    static ObjectNode frame(String executionArn, Frame f) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("k", "fr");
        out.put("x", executionArn);
        out.put("f", f.id);
        putIfNotNull(out, "parent", f.parent == null ? null : f.parent.id);
        out.put("i", f.index);
        out.put("s", f.stateName);
        out.set("in", f.input);
        out.put("ph", f.phase.name());
        out.put("st", f.status.name());
        out.put("en", f.entered);
        out.put("et", f.enteredAt);
        ArrayNode retries = out.putArray("rc");
        for (int count : f.retryCounts) {
            retries.add(count);
        }
        out.put("dl", f.deadline);
        putIfNotNull(out, "tk", f.token);
        out.put("hb", f.heartbeatSeconds);
        out.put("le", f.lastEventId);
        if (f.output != null) {
            out.set("out", f.output);
        }
        putIfNotNull(out, "err", f.error);
        putIfNotNull(out, "cause", f.cause);
        if (f.variables != null) {
            out.set("v", f.variables);
        }
        if (f.phase == Frame.Phase.CHILDREN) {
            out.put("gen", f.generation);
            out.set("eff", f.effectiveInput);
            if (f.items != null) {
                out.set("items", f.items);
            }
            out.put("launched", f.launched);
            out.put("failures", f.failures);
            out.put("mc", f.maxConcurrency);
        }
        return out;
    }

    private static void putIfNotNull(ObjectNode out, String key, Object value) {
        if (value instanceof String s) {
            out.put(key, s);
        } else if (value instanceof Long l) {
            out.put(key, l);
        }
    }
}
