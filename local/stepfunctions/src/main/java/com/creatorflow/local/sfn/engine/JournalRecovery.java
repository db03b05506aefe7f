package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.asl.StateMachineDefinition;
import com.creatorflow.local.sfn.store.Journal;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine's state from its journal at start: state machines, and the executions the journal still
 * holds (those not yet archived) with their histories and the last checkpoint of every path. Executions found closed
 * go to the archive; then the journal is compacted (a new segment with a snapshot of what runs) and every running
 * execution resumes where it stood.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final Journal journal;
    private final Interpreter interpreter;
    private final Map<String, StateMachine> machines;
    private final ExecutionStore store;

    JournalRecovery(Journal journal, Interpreter interpreter, Map<String, StateMachine> machines,
                    ExecutionStore store) {
        this.journal = journal;
        this.interpreter = interpreter;
        this.machines = machines;
        this.store = store;
    }

    /**
     * What a start read and did.
     *
     * @param replayed what the journal replay read
     * @param resumed running executions resumed
     * @param archived executions found closed in the journal and archived
     */
    record Outcome(Journal.Replayed replayed, int resumed, int archived) {
    }

    /** Replays the journal, archives what closed, compacts it, and resumes every running execution. */
    Outcome recover() {
        if (!journal.durable()) {
            return new Outcome(new Journal.Replayed(0, 0, 0), 0, 0);
        }
        Map<String, ObjectNode> headers = new LinkedHashMap<>();
        Map<String, String> definitions = new HashMap<>();
        Map<String, Map<Long, HistoryEvent>> events = new HashMap<>();
        Map<String, Map<String, ObjectNode>> frames = new HashMap<>();
        Journal.Replayed replayed = journal.replay(record -> {
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
                        definitions.put(arn, record.get("def").asText());
                    }
                }
                case "ev" -> events.computeIfAbsent(record.get("x").asText(), k -> new TreeMap<>())
                        .put(record.get("id").asLong(), Records.event(record));
                case "fr" -> frames.computeIfAbsent(record.get("x").asText(), k -> new LinkedHashMap<>())
                        .put(record.get("f").asText(), record);
                case "arc" -> {
                    String arn = record.get("x").asText();
                    headers.remove(arn);
                    definitions.remove(arn);
                    events.remove(arn);
                    frames.remove(arn);
                }
                default -> LOG.warn("ignoring an unknown journal record {}", record.path("k").asText());
            }
        });
        List<Execution> running = new ArrayList<>();
        int archived = 0;
        for (Map.Entry<String, ObjectNode> entry : headers.entrySet()) {
            String arn = entry.getKey();
            String definition = definitions.get(arn);
            if (definition == null) {
                LOG.warn("execution {} has no definition in the journal; skipped", arn);
                continue;
            }
            ObjectNode header = entry.getValue().deepCopy().put("def", definition);
            Execution x = Records.restore(header, events.getOrDefault(arn, Map.of()).values(),
                    frames.getOrDefault(arn, Map.of()).values(), machines);
            if (x.status.closed()) {
                store.archiveAtStart(x);
                archived++;
            } else {
                store.add(x);
                running.add(x);
            }
        }
        store.compact();
        running.sort(Comparator.comparingLong(x -> x.startDate));
        running.forEach(this::resumeExecution);
        store.sweepArchiveLater();
        if (!headers.isEmpty()) {
            LOG.info("read {} journal records ({} bytes): {} state machines, {} running executions resumed, {} "
                    + "closed ones archived", replayed.records(), replayed.bytes(), machines.size(), running.size(),
                    archived);
        }
        return new Outcome(replayed, running.size(), archived);
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
