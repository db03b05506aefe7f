package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The journal's record shapes: state machines ({@code sm}), execution headers ({@code ex}), history events
 * ({@code ev}) and frame checkpoints ({@code fr}). One JSON object per record, keyed by {@code k}.
 */
final class Records {
    private Records() {
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
