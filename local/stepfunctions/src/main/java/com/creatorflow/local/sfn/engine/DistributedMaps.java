package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.asl.DistributedMap;
import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.path.ContextObject;
import com.creatorflow.local.sfn.path.JsonPathExpression;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.sfn.path.JsonataTemplate;
import com.creatorflow.local.sfn.path.PayloadTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Distributed Map runs: the items (from the state input or the ItemReader), ItemSelector on each, ItemBatcher's
 * batches, one Map Run per run of the state with its child executions (one per item or batch), and the ResultWriter's
 * manifest and result files. Keeps the latest {@value #MAX_RUNS_KEPT} Map Runs for ListMapRuns and DescribeMapRun,
 * and their child executions for DescribeExecution; the histories of STANDARD children for GetExecutionHistory in the
 * latest {@value #MAX_RUNS_WITH_HISTORIES} finished runs (and every running one).
 */
final class DistributedMaps {
    private static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Map Runs kept for the API; past this the oldest finished ones are forgotten. */
    static final int MAX_RUNS_KEPT = 1_000;
    /** Finished Map Runs whose STANDARD children keep their histories; older ones keep only their children's status. */
    static final int MAX_RUNS_WITH_HISTORIES = 20;

    private final Supplier<S3Client> s3;
    private final String arnPrefix;
    private final Map<String, MapRun> runs = new ConcurrentHashMap<>();
    private final Map<String, MapRun> byFrame = new ConcurrentHashMap<>();

    DistributedMaps(Supplier<S3Client> s3, String region, String accountId) {
        this.s3 = s3;
        this.arnPrefix = "arn:aws:states:" + region + ":" + accountId + ":";
    }

    /** What a field of the Map gives: JSONata with {@code $states}, or a JSONPath payload template. */
    record Scope(boolean jsonata, JsonNode effective, ObjectNode context, ObjectNode states) {
        JsonNode value(String name, JsonNode field) {
            if (jsonata) {
                return JsonataTemplate.compile(name, field).evaluate(states, ((ContextObject) context).variables());
            }
            return PayloadTemplate.compile(field).evaluate(effective, context);
        }

        /** A number given literally, as a JSONata expression, or by its {@code ...Path} field. */
        int number(JsonNode owner, String name) {
            JsonNode value = owner.get(name);
            if (value == null && owner.has(name + "Path")) {
                value = JsonPathExpression.compile(owner.get(name + "Path").asText()).evaluate(effective, context);
            } else if (value != null && value.isTextual()) {
                value = value(name, value);
            }
            if (value == null) {
                return 0;
            }
            if (!value.isIntegralNumber() || value.asInt() < 0) {
                throw jsonata ? StatesError.query(name + " must give a non-negative integer but gave "
                        + JsonValues.write(value)) : StatesError.runtime(name + " must be a non-negative integer "
                        + "but was " + JsonValues.write(value));
            }
            return value.asInt();
        }
    }

    /**
     * Starts a Map Run: reads the items when there is an ItemReader, applies the selector to each, batches them, and
     * records the run; the run's inputs are the iterations to launch.
     */
    MapRun start(Execution x, Frame f, State.Map map, Scope scope, JsonNode items, int concurrency, long now,
                 BiFunction<Integer, JsonNode, JsonNode> selector) {
        DistributedMap d = map.distributed();
        if (d.itemReader() != null) {
            JsonNode reader = d.itemReader();
            JsonNode parameters = reader.has("Arguments") ? scope.value("Arguments", reader.get("Arguments"))
                    : reader.has("Parameters") ? scope.value("Parameters", reader.get("Parameters"))
                    : JsonValues.NODES.objectNode();
            JsonNode config = reader.path("ReaderConfig");
            int maxItems = config.isObject() ? scope.number(config, "MaxItems") : 0;
            items = S3Items.read(client(StatesError.ITEM_READER_FAILED), reader.path("Resource").asText(), parameters,
                    config, maxItems);
        }
        if (!items.isArray()) {
            throw scope.jsonata() ? StatesError.query("The Items of the Map state must be an array but were: "
                    + JsonValues.write(items)) : StatesError.runtime("Map state input must be an array but was: "
                    + JsonValues.write(items));
        }
        List<JsonNode> selected = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            selected.add(selector.apply(i, items.get(i)));
        }
        List<JsonNode> inputs = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        if (d.itemBatcher() != null) {
            batch(d.itemBatcher(), scope, selected, inputs, sizes);
        } else {
            inputs.addAll(selected);
            selected.forEach(item -> sizes.add(1));
        }
        String label = d.label() != null ? d.label() : map.name();
        String machine = x.stateMachine.name() + "/" + label;
        String id = UUID.randomUUID().toString();
        MapRun run = new MapRun(arnPrefix + "mapRun:" + machine + ":" + id, x.arn,
                arnPrefix + "stateMachine:" + machine, arnPrefix + "execution:" + machine + ":", now, concurrency,
                map.toleratedFailureCount(), map.toleratedFailurePercentage(), inputs.toArray(JsonNode[]::new),
                sizes.stream().mapToInt(Integer::intValue).toArray(), standard(d), x.stateMachine.roleArn());
        runs.put(run.arn, run);
        forgetOldRuns();
        return run;
    }

    private void forgetOldRuns() {
        List<MapRun> finished = runs.values().stream().filter(run -> run.stopDate != null)
                .sorted(Comparator.comparingLong((MapRun run) -> run.startDate).reversed()).toList();
        finished.stream().skip(MAX_RUNS_WITH_HISTORIES).filter(MapRun::keepsHistories)
                .forEach(MapRun::forgetHistories);
        int excess = runs.size() - MAX_RUNS_KEPT;
        if (excess > 0) {
            finished.reversed().stream().limit(excess).forEach(run -> runs.remove(run.arn));
        }
    }

    /** Ties a started run to the Map frame's current round of iterations. */
    void attach(Execution x, Frame f, MapRun run) {
        byFrame.put(frameKey(x, f), run);
        f.mapRun = run;
    }

    private static boolean standard(DistributedMap d) {
        return !"EXPRESS".equals(d.executionType());
    }

    private static void batch(JsonNode batcher, Scope scope, List<JsonNode> items, List<JsonNode> inputs,
                              List<Integer> sizes) {
        int maxItems = scope.number(batcher, "MaxItemsPerBatch");
        int maxBytes = scope.number(batcher, "MaxInputBytesPerBatch");
        maxBytes = maxBytes == 0 ? MAX_BATCH_BYTES : Math.min(maxBytes, MAX_BATCH_BYTES);
        JsonNode batchInput = batcher.has("BatchInput") ? scope.value("BatchInput", batcher.get("BatchInput")) : null;
        int overhead = batchInput == null ? 0 : JsonValues.bytes(batchInput).length;
        ObjectNode current = null;
        int bytes = 0;
        for (JsonNode item : items) {
            int size = JsonValues.bytes(item).length + 1;
            if (current == null || (maxItems > 0 && current.get("Items").size() >= maxItems)
                    || bytes + size > maxBytes) {
                current = JsonValues.NODES.objectNode();
                if (batchInput != null) {
                    current.set("BatchInput", batchInput);
                }
                current.putArray("Items");
                inputs.add(current);
                sizes.add(0);
                bytes = overhead + 20;
            }
            ((ArrayNode) current.get("Items")).add(item);
            sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
            bytes += size;
        }
    }

    /** The run of a Map frame in phase CHILDREN (rebuilt from the frame after a restart of the engine). */
    MapRun run(Execution x, Frame f) {
        MapRun run = byFrame.get(frameKey(x, f));
        if (run == null) {
            State.Map map = (State.Map) f.state();
            String label = map.distributed().label() != null ? map.distributed().label() : map.name();
            String machine = x.stateMachine.name() + "/" + label;
            JsonNode[] inputs = new JsonNode[f.items.size()];
            int[] sizes = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = f.items.get(i);
                sizes[i] = 1;
            }
            run = new MapRun(arnPrefix + "mapRun:" + machine + ":" + UUID.randomUUID(), x.arn,
                    arnPrefix + "stateMachine:" + machine, arnPrefix + "execution:" + machine + ":", f.enteredAt,
                    f.maxConcurrency, map.toleratedFailureCount(), map.toleratedFailurePercentage(), inputs, sizes,
                    standard(map.distributed()), x.stateMachine.roleArn());
            runs.put(run.arn, run);
            byFrame.put(frameKey(x, f), run);
            f.mapRun = run;
        }
        return run;
    }

    /**
     * Ends a run that succeeded: writes the results when there is a ResultWriter and returns what the Map state gives
     * as its result (the results array, or the ResultWriter's details).
     */
    JsonNode succeed(Execution x, Frame f, State.Map map, Scope scope, ArrayNode results, long now) {
        MapRun run = run(x, f);
        byFrame.remove(frameKey(x, f));
        f.mapRun = null;
        JsonNode writer = map.distributed().resultWriter();
        JsonNode out = results;
        if (writer != null) {
            JsonNode parameters = writer.has("Arguments") ? scope.value("Arguments", writer.get("Arguments"))
                    : scope.value("Parameters", writer.path("Parameters"));
            out = writeResults(run, parameters);
        }
        run.status = "SUCCEEDED";
        run.stopDate = now;
        return out;
    }

    /** Ends a run that failed or was aborted. */
    void fail(Execution x, Frame f, String status, long now) {
        MapRun run = byFrame.remove(frameKey(x, f));
        f.mapRun = null;
        if (run != null) {
            run.status = status;
            run.stopDate = now;
        }
    }

    private ObjectNode writeResults(MapRun run, JsonNode parameters) {
        String bucket = parameters.path("Bucket").asText(null);
        if (bucket == null) {
            throw new StatesError(StatesError.RESULT_WRITER_FAILED, "The ResultWriter's parameters need a 'Bucket'");
        }
        String prefix = parameters.path("Prefix").asText("");
        String id = run.arn.substring(run.arn.lastIndexOf(':') + 1);
        String base = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + id + "/";
        ArrayNode succeeded = JsonValues.NODES.arrayNode();
        ArrayNode failed = JsonValues.NODES.arrayNode();
        ArrayNode pending = JsonValues.NODES.arrayNode();
        for (int i = 0; i < run.inputs.length; i++) {
            ObjectNode entry = JsonValues.NODES.objectNode();
            entry.put("ExecutionArn", run.childArn(i));
            entry.put("Input", JsonValues.write(run.inputs[i]));
            entry.putObject("InputDetails").put("Included", true);
            entry.put("Name", run.childName(i));
            switch (run.statuses[i]) {
                case SUCCEEDED -> {
                    entry.put("Output", JsonValues.write(run.outputs[i]));
                    entry.putObject("OutputDetails").put("Included", true);
                    succeeded.add(entry);
                }
                case FAILED, ABORTED -> {
                    JsonValues.putIfNotNull(entry, "Error", run.errors[i]);
                    JsonValues.putIfNotNull(entry, "Cause", run.causes[i]);
                    failed.add(entry);
                }
                default -> pending.add(entry);
            }
            entry.put("RedriveCount", 0);
            entry.put("StartDate", Execution.iso(run.starts[i]));
            entry.put("StateMachineArn", run.childStateMachineArn);
            entry.put("Status", run.statuses[i].name());
            if (run.stops[i] > 0) {
                entry.put("StopDate", Execution.iso(run.stops[i]));
            }
        }
        ObjectNode manifest = JsonValues.NODES.objectNode();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", run.arn);
        ObjectNode files = manifest.putObject("ResultFiles");
        S3Client client = client(StatesError.RESULT_WRITER_FAILED);
        for (Map.Entry<String, ArrayNode> group : List.of(Map.entry("FAILED", failed),
                Map.entry("PENDING", pending), Map.entry("SUCCEEDED", succeeded))) {
            ArrayNode list = files.putArray(group.getKey());
            if (!group.getValue().isEmpty()) {
                String key = base + group.getKey() + "_0.json";
                long size = S3Items.write(client, bucket, key, group.getValue());
                list.addObject().put("Key", key).put("Size", size);
            }
        }
        String manifestKey = base + "manifest.json";
        S3Items.write(client, bucket, manifestKey, manifest);
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("MapRunArn", run.arn);
        out.putObject("ResultWriterDetails").put("Bucket", bucket).put("Key", manifestKey);
        return out;
    }

    private S3Client client(String error) {
        try {
            return s3.get();
        } catch (RuntimeException e) {
            throw new StatesError(error, e.getMessage());
        }
    }

    /** A child execution of a kept Map Run, by its ARN. */
    record Child(MapRun run, int index) {
    }

    /** The child execution with this ARN that has started, or null when no kept Map Run has one. */
    Child child(String executionArn) {
        for (MapRun run : runs.values()) {
            int index = run.childIndex(executionArn);
            if (index >= 0 && run.statuses[index] != MapRun.ChildStatus.PENDING) {
                return new Child(run, index);
            }
        }
        return null;
    }

    /** ListMapRuns: the runs of an execution, newest first. */
    List<MapRun> list(String executionArn) {
        return runs.values().stream().filter(run -> run.executionArn.equals(executionArn))
                .sorted(Comparator.comparingLong((MapRun run) -> run.startDate).reversed()).toList();
    }

    /** DescribeMapRun; null when unknown. */
    MapRun describe(String mapRunArn) {
        return runs.get(mapRunArn);
    }

    private static String frameKey(Execution x, Frame f) {
        return x.arn + "|" + f.id + "|" + f.generation;
    }
}
