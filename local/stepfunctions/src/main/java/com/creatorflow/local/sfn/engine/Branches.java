package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.asl.StateQuery;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The branches of Parallel states and the iterations of Map states: child frames started with the state's input
 * (or each item through ItemSelector), at most MaxConcurrency iterations at once, results collected in order, and the
 * first failure (or, for a distributed Map, a failure past the tolerated threshold) aborting the others and handed to
 * the state's Retry/Catch. Called by the {@link Interpreter} under the execution's monitor.
 */
final class Branches {
    private static final int MAX_INLINE_MAP_CONCURRENCY = 40;

    private final Interpreter interpreter;
    private final Scheduler scheduler;
    private final DistributedMaps maps;

    Branches(Interpreter interpreter, Scheduler scheduler, DistributedMaps maps) {
        this.interpreter = interpreter;
        this.scheduler = scheduler;
        this.maps = maps;
    }

    void startParallel(Execution x, Frame f, State.Parallel parallel) {
        ObjectNode context = interpreter.context(x, f, null);
        StateQuery query = x.definition.query(parallel.name());
        JsonNode branchInput;
        if (query.jsonata()) {
            branchInput = query.arguments() != null
                    ? Queries.eval(query.arguments(), Queries.states(f.input, context), context) : f.input;
        } else {
            JsonNode effective = parallel.inputPath().apply(f.input, context);
            branchInput = parallel.parameters() != null ? parallel.parameters().evaluate(effective, context)
                    : effective;
        }
        x.event(f, scheduler.now(), "ParallelStateStarted", null, null);
        f.phase = Frame.Phase.CHILDREN;
        f.generation++;
        f.children = new ArrayList<>();
        f.results = new JsonNode[parallel.branches().size()];
        f.completed = 0;
        f.effectiveInput = branchInput;
        f.items = null;
        x.touch(f);
        List<Frame> started = new ArrayList<>();
        for (int i = 0; i < parallel.branches().size(); i++) {
            State.Branch branch = parallel.branches().get(i);
            Frame child = new Frame(f.id + "." + f.generation + "." + i, f, i, branch, branch.startAt(), branchInput);
            child.lastEventId = f.lastEventId;
            addChild(x, f, child);
            started.add(child);
        }
        started.forEach(child -> scheduler.execute(() -> interpreter.advance(x, child)));
    }

    void startMap(Execution x, Frame f, State.Map map) {
        ObjectNode context = interpreter.context(x, f, null);
        StateQuery query = x.definition.query(map.name());
        JsonNode effective;
        JsonNode items;
        int concurrency = map.maxConcurrency();
        boolean reader = map.distributed() != null && map.distributed().itemReader() != null;
        ObjectNode states = null;
        if (query.jsonata()) {
            states = Queries.states(f.input, context);
            effective = f.input;
            items = reader ? JsonValues.NODES.arrayNode() : query.field("Items") != null
                    ? Queries.eval(query.field("Items"), states, context) : f.input;
            if (!items.isArray()) {
                throw StatesError.query("The Items of the Map state must be an array but were: "
                        + JsonValues.write(items));
            }
            if (query.field("MaxConcurrency") != null) {
                JsonNode value = Queries.eval(query.field("MaxConcurrency"), states, context);
                if (!value.isIntegralNumber() || value.asInt() < 0) {
                    throw StatesError.query("MaxConcurrency must give a non-negative integer but gave "
                            + JsonValues.write(value));
                }
                concurrency = value.asInt();
            }
        } else {
            effective = map.inputPath().apply(f.input, context);
            items = reader ? JsonValues.NODES.arrayNode() : map.itemsPath().evaluate(effective, context);
            if (!items.isArray()) {
                throw StatesError.runtime("Map state input must be an array but was: " + JsonValues.write(items));
            }
        }
        if (map.maxConcurrencyPath() != null) {
            JsonNode value = map.maxConcurrencyPath().evaluate(effective, context);
            if (!value.isIntegralNumber() || value.asInt() < 0) {
                throw StatesError.runtime("MaxConcurrencyPath must select a non-negative integer but was "
                        + JsonValues.write(value));
            }
            concurrency = value.asInt();
        }
        MapRun run = null;
        if (map.distributed() != null) {
            DistributedMaps.Scope scope = new DistributedMaps.Scope(query.jsonata(), effective, context, states);
            JsonNode mapInput = effective;
            run = maps.start(x, f, map, scope, items, concurrency, scheduler.now(),
                    (index, item) -> select(x, f, map, query, mapInput, index, item));
            items = JsonValues.NODES.arrayNode().addAll(java.util.Arrays.asList(run.inputs));
        }
        ObjectNode details = JsonValues.NODES.objectNode();
        details.put("length", items.size());
        x.event(f, scheduler.now(), "MapStateStarted", "mapStateStartedEventDetails", details);
        if (run != null) {
            ObjectNode runDetails = JsonValues.NODES.objectNode();
            runDetails.put("mapRunArn", run.arn);
            x.event(f, scheduler.now(), "MapRunStarted", "mapRunStartedEventDetails", runDetails);
        }
        f.phase = Frame.Phase.CHILDREN;
        f.generation++;
        f.children = new ArrayList<>();
        f.items = (ArrayNode) items;
        f.results = new JsonNode[items.size()];
        f.completed = 0;
        f.launched = 0;
        f.failures = 0;
        f.effectiveInput = effective;
        f.maxConcurrency = concurrency == 0 ? MAX_INLINE_MAP_CONCURRENCY : concurrency;
        x.touch(f);
        if (run != null) {
            maps.attach(x, f, run);
        }
        if (items.isEmpty()) {
            childrenDone(x, f);
            return;
        }
        List<Frame> started = new ArrayList<>();
        launchIterations(x, f, started);
        started.forEach(child -> scheduler.execute(() -> interpreter.advance(x, child)));
    }

    /** Starts Map iterations up to the concurrency limit; returns true when any was started. */
    boolean launchIterations(Execution x, Frame f, List<Frame> started) {
        State.Map map = (State.Map) f.state();
        boolean any = false;
        while (f.launched < f.items.size() && running(f) < f.maxConcurrency) {
            int index = f.launched++;
            JsonNode item = f.items.get(index);
            JsonNode input = item;
            StateQuery query = x.definition.query(map.name());
            long previous = f.lastEventId;
            if (map.distributed() != null) {
                previous = maps.run(x, f).started(index, scheduler.now());
            } else if (map.itemSelector() != null || query.field("ItemSelector") != null) {
                try {
                    input = select(x, f, map, query, f.effectiveInput, index, item);
                } catch (StatesError e) {
                    f.launched--;
                    abortChildren(x, f, map);
                    x.event(f, scheduler.now(), "MapStateFailed", null, null);
                    f.phase = Frame.Phase.RUN;
                    interpreter.stateError(x, f, map, e);
                    continueAfterChildren(x, f);
                    return any;
                }
            }
            if (map.distributed() == null) {
                ObjectNode details = JsonValues.NODES.objectNode();
                details.put("name", map.name());
                details.put("index", index);
                previous = x.event(f, scheduler.now(), "MapIterationStarted", "mapIterationStartedEventDetails",
                        details).id();
            }
            Frame child = new Frame(f.id + "." + f.generation + "." + index, f, index, map.processor(),
                    map.processor().startAt(), input);
            child.lastEventId = previous;
            addChild(x, f, child);
            started.add(child);
            any = true;
        }
        x.touch(f);
        return any;
    }

    /** An item through ItemSelector, with {@code Map.Item.Index} and {@code Map.Item.Value} in the context. */
    private JsonNode select(Execution x, Frame f, State.Map map, StateQuery query, JsonNode mapInput, int index,
                            JsonNode item) {
        if (map.itemSelector() == null && query.field("ItemSelector") == null) {
            return item;
        }
        ObjectNode context = interpreter.context(x, f, null);
        ObjectNode mapContext = context.putObject("Map").putObject("Item");
        mapContext.put("Index", index);
        mapContext.set("Value", item);
        return query.field("ItemSelector") != null ? Queries.eval(query.field("ItemSelector"),
                Queries.states(f.input, context), context) : map.itemSelector().evaluate(mapInput, context);
    }

    private static int running(Frame f) {
        int count = 0;
        for (Frame child : f.children) {
            if (child.status == Frame.Status.RUNNING) {
                count++;
            }
        }
        return count;
    }

    private static void addChild(Execution x, Frame parent, Frame child) {
        parent.children.add(child);
        x.frames.put(child.id, child);
        x.touch(child);
    }

    void childSucceeded(Execution x, Frame parent, Frame child) {
        if (parent.phase != Frame.Phase.CHILDREN || parent.status != Frame.Status.RUNNING) {
            return;
        }
        parent.results[child.index] = child.output;
        parent.completed++;
        x.touch(parent);
        if (parent.state() instanceof State.Map map) {
            if (map.distributed() != null) {
                maps.run(x, parent).finished(child.index, scheduler.now(), MapRun.ChildStatus.SUCCEEDED, child.output,
                        null, null);
            }
            iterationEvent(x, parent, child, map, "MapIterationSucceeded", "mapIterationSucceededEventDetails");
            List<Frame> started = new ArrayList<>();
            launchIterations(x, parent, started);
            started.forEach(next -> scheduler.execute(() -> interpreter.advance(x, next)));
        }
        if (parent.completed == parent.results.length) {
            childrenDone(x, parent);
        }
    }

    private void iterationEvent(Execution x, Frame parent, Frame child, State.Map map, String type, String key) {
        if (map.distributed() != null) {
            return;
        }
        ObjectNode details = JsonValues.NODES.objectNode();
        details.put("name", map.name());
        details.put("index", child.index);
        HistoryEvent event = x.event(child, scheduler.now(), type, key, details);
        parent.lastEventId = Math.max(parent.lastEventId, event.id());
    }

    void childFailed(Execution x, Frame parent, Frame child) {
        if (parent.phase != Frame.Phase.CHILDREN || parent.status != Frame.Status.RUNNING) {
            return;
        }
        State state = parent.state();
        if (state instanceof State.Map map) {
            if (map.distributed() != null) {
                maps.run(x, parent).finished(child.index, scheduler.now(), MapRun.ChildStatus.FAILED, null,
                        child.error, child.cause);
            }
            iterationEvent(x, parent, child, map, "MapIterationFailed", "mapIterationFailedEventDetails");
            if (map.toleratedFailureCount() != null || map.toleratedFailurePercentage() != null) {
                parent.failures++;
                parent.completed++;
                ObjectNode errorOutput = JsonValues.NODES.objectNode();
                errorOutput.put("Error", child.error);
                JsonValues.putIfNotNull(errorOutput, "Cause", child.cause);
                parent.results[child.index] = errorOutput;
                x.touch(parent);
                if (withinTolerance(map, parent)) {
                    List<Frame> started = new ArrayList<>();
                    launchIterations(x, parent, started);
                    started.forEach(next -> scheduler.execute(() -> interpreter.advance(x, next)));
                    if (parent.completed == parent.results.length) {
                        childrenDone(x, parent);
                    }
                    return;
                }
                abortChildren(x, parent, map);
                mapRunEnded(x, parent, map, StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD);
                x.event(parent, scheduler.now(), "MapStateFailed", null, null);
                interpreter.handleError(x, parent, state, new StatesError(StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded"));
                continueAfterChildren(x, parent);
                return;
            }
            abortChildren(x, parent, map);
            mapRunEnded(x, parent, map, child.error);
            x.event(parent, scheduler.now(), "MapStateFailed", null, null);
        } else {
            abortChildren(x, parent, null);
            x.event(parent, scheduler.now(), "ParallelStateFailed", null, null);
        }
        interpreter.handleError(x, parent, state, new StatesError(child.error, child.cause));
        continueAfterChildren(x, parent);
    }

    private void continueAfterChildren(Execution x, Frame parent) {
        if (x.running() && parent.status == Frame.Status.RUNNING && parent.phase == Frame.Phase.RUN) {
            scheduler.execute(() -> interpreter.advance(x, parent));
        }
    }

    private static boolean withinTolerance(State.Map map, Frame parent) {
        if (map.toleratedFailureCount() != null && parent.failures > map.toleratedFailureCount()) {
            return false;
        }
        if (map.toleratedFailurePercentage() != null && parent.items.size() > 0
                && parent.failures * 100.0 / parent.items.size() > map.toleratedFailurePercentage()) {
            return false;
        }
        return true;
    }

    private void abortChildren(Execution x, Frame parent, State.Map map) {
        for (Frame child : parent.children) {
            if (child.status == Frame.Status.RUNNING) {
                interpreter.abortFrame(x, child);
                if (map != null && map.distributed() != null) {
                    maps.run(x, parent).finished(child.index, scheduler.now(), MapRun.ChildStatus.ABORTED, null,
                            null, null);
                }
                if (map != null) {
                    iterationEvent(x, parent, child, map, "MapIterationAborted", "mapIterationAbortedEventDetails");
                }
            }
        }
    }

    void childrenDone(Execution x, Frame f) {
        State state = f.state();
        ArrayNode results = JsonValues.NODES.arrayNode();
        for (JsonNode result : f.results) {
            results.add(result);
        }
        f.phase = Frame.Phase.RUN;
        x.touch(f);
        if (state instanceof State.Parallel parallel) {
            x.event(f, scheduler.now(), "ParallelStateSucceeded", null, null);
            interpreter.completeWithResult(x, f, state, parallel.resultSelector(), parallel.resultPath(), parallel.outputPath(),
                    results, parallel.transition());
        } else if (state instanceof State.Map map) {
            JsonNode result = results;
            if (map.distributed() != null) {
                try {
                    ObjectNode context = interpreter.context(x, f, null);
                    result = maps.succeed(x, f, map, new DistributedMaps.Scope(x.definition.query(map.name())
                            .jsonata(), f.effectiveInput, context, Queries.states(f.input, context)), results,
                            scheduler.now());
                } catch (StatesError e) {
                    mapRunEnded(x, f, map, e.error());
                    x.event(f, scheduler.now(), "MapStateFailed", null, null);
                    interpreter.stateError(x, f, map, e);
                    continueAfterChildren(x, f);
                    return;
                }
                x.event(f, scheduler.now(), "MapRunSucceeded", null, null);
            }
            x.event(f, scheduler.now(), "MapStateSucceeded", null, null);
            interpreter.completeWithResult(x, f, state, map.resultSelector(), map.resultPath(), map.outputPath(), result,
                    map.transition());
        }
        continueAfterChildren(x, f);
    }

    private void mapRunEnded(Execution x, Frame f, State.Map map, String error) {
        if (map.distributed() != null) {
            maps.fail(x, f, "FAILED", scheduler.now());
            ObjectNode details = JsonValues.NODES.objectNode();
            JsonValues.putIfNotNull(details, "error", error);
            x.event(f, scheduler.now(), "MapRunFailed", "mapRunFailedEventDetails", details);
        }
    }
}
