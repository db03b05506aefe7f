package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.asl.StateMachineDefinition;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.sfn.store.Journal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine's state from its journal at start: state machines, executions with their histories, and the
 * last checkpoint of every path of an execution (Parallel branches and Map iterations of the current attempt under
 * their parent). Then it rewrites the journal compacted and resumes every running execution where it stood.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final Journal journal;
    private final Interpreter interpreter;
    private final Map<String, StateMachine> machines;
    private final Map<String, Execution> executions;
    private final Map<String, List<Execution>> byMachine;

    JournalRecovery(Journal journal, Interpreter interpreter, Map<String, StateMachine> machines,
                    Map<String, Execution> executions, Map<String, List<Execution>> byMachine) {
        this.journal = journal;
        this.interpreter = interpreter;
        this.machines = machines;
        this.executions = executions;
        this.byMachine = byMachine;
    }

    /** Replays the journal, compacts it, and resumes every running execution. */
    void recover() {
        if (!journal.durable()) {
            return;
        }
        Map<String, ObjectNode> headers = new LinkedHashMap<>();
        Map<String, String> definitions = new HashMap<>();
        Map<String, List<HistoryEvent>> events = new HashMap<>();
        Map<String, Map<String, ObjectNode>> frames = new HashMap<>();
        journal.replay(record -> {
            switch (record.path("k").asText()) {
                case "sm" -> {
                    StateMachineDefinition definition = StateMachineDefinition.parse(record.get("def").asText());
                    machines.put(record.get("arn").asText(), new StateMachine(record.get("arn").asText(),
                            record.get("name").asText(), record.get("type").asText(), record.get("role").asText(),
                            definition, record.get("created").asLong(), record.get("rev").asText()));
                }
                case "smdel" -> machines.remove(record.get("arn").asText());
                case "ex" -> {
                    String arn = record.get("arn").asText();
                    headers.put(arn, record);
                    if (record.has("def")) {
                        definitions.putIfAbsent(arn, record.get("def").asText());
                    }
                }
                case "ev" -> events.computeIfAbsent(record.get("x").asText(), k -> new ArrayList<>())
                        .add(Records.event(record));
                case "fr" -> frames.computeIfAbsent(record.get("x").asText(), k -> new LinkedHashMap<>())
                        .put(record.get("f").asText(), record);
                default -> LOG.warn("ignoring an unknown journal record {}", record.path("k").asText());
            }
        });
        List<ObjectNode> compacted = new ArrayList<>();
        machines.values().forEach(m -> compacted.add(Records.stateMachine(m)));
        int resumed = 0;
        for (Map.Entry<String, ObjectNode> entry : headers.entrySet()) {
            String arn = entry.getKey();
            ObjectNode header = entry.getValue();
            String definitionText = definitions.get(arn);
            if (definitionText == null) {
                LOG.warn("execution {} has no definition in the journal; skipped", arn);
                continue;
            }
            Execution x = restoreExecution(header, definitionText, events.getOrDefault(arn, List.of()),
                    frames.getOrDefault(arn, Map.of()));
            executions.put(arn, x);
            byMachine.computeIfAbsent(x.stateMachine.arn(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(x);
            compacted.add(Records.execution(x, true));
            x.history.forEach(event -> compacted.add(Records.event(arn, event)));
            if (x.status != ExecutionStatus.SUCCEEDED) {
                x.frames.values().forEach(f -> compacted.add(Records.frame(arn, f)));
            }
            x.headerDirty = false;
        }
        byMachine.values().forEach(list -> list.sort(Comparator.comparingLong(x -> x.startDate)));
        journal.rewrite(compacted);
        for (Execution x : executions.values()) {
            if (x.running()) {
                resumed++;
                resumeExecution(x);
            }
        }
        if (!executions.isEmpty()) {
            LOG.info("recovered {} state machines and {} executions from the journal; {} resumed", machines.size(),
                    executions.size(), resumed);
        }
    }

    private Execution restoreExecution(ObjectNode header, String definitionText, List<HistoryEvent> events,
                                       Map<String, ObjectNode> frameRecords) {
        String machineArn = header.get("sm").asText();
        StateMachineDefinition definition = StateMachineDefinition.parse(definitionText);
        StateMachine machine = machines.get(machineArn);
        if (machine == null) {
            String machineName = machineArn.substring(machineArn.lastIndexOf(':') + 1);
            machine = new StateMachine(machineArn, machineName, header.path("type").asText("STANDARD"),
                    header.path("role").asText(), definition, header.get("start").asLong(), StepFunctionsEngine.revision(definitionText));
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
        List<ObjectNode> ordered = new ArrayList<>(frameRecords.values());
        ordered.sort(Comparator.comparingInt(r -> r.get("f").asText().split("\\.").length));
        for (ObjectNode record : ordered) {
            restoreFrame(x, record);
        }
        return x;
    }

    private void restoreFrame(Execution x, ObjectNode record) {
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

    private void resumeExecution(Execution x) {
        List<Frame> order = new ArrayList<>(x.frames.values());
        Collections.reverse(order);
        for (Frame f : order) {
            if (f.status == Frame.Status.RUNNING) {
                interpreter.resume(x, f);
            }
        }
        synchronized (x) {
            interpreter.armExecutionTimeout(x);
        }
    }
}
