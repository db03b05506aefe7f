package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.asl.ChoiceRule;
import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.asl.StateQuery;
import com.creatorflow.local.sfn.path.ContextObject;
import com.creatorflow.local.sfn.path.JsonataTemplate;
import com.creatorflow.local.sfn.path.JsonPathExpression;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions: moves frames from state to state with AWS's input/output processing (InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath), Retry and Catch, waits and timeouts on timers, task tokens, and the
 * branches of Parallel and iterations of Map. Each step happens under the execution's monitor and ends with one
 * journal write; task calls happen outside it.
 */
final class Interpreter {
    private static final Logger LOG = LoggerFactory.getLogger(Interpreter.class);
    private static final int STEPS_PER_TURN = 64;

    private final Scheduler scheduler;
    private final ExecutionStore store;
    private final TaskDispatcher tasks;
    private final String region;
    private final SecureRandom tokenRandom = new SecureRandom();
    private final Map<String, TokenRef> tokens = new ConcurrentHashMap<>();
    private final Branches branches;
    private volatile boolean stopped;

    private record TokenRef(Execution execution, Frame frame) {
    }

    /** A task to call outside the lock. */
    private record Dispatch(State.Task state, TaskDispatcher.Target target, JsonNode parameters, int attempt) {
    }

    Interpreter(Scheduler scheduler, ExecutionStore store, TaskDispatcher tasks, String region, DistributedMaps maps) {
        this.scheduler = scheduler;
        this.store = store;
        this.tasks = tasks;
        this.region = region;
        this.branches = new Branches(this, scheduler, maps);
    }

    // ------------------------------------------------------------------ execution lifecycle

    /** Stops recording: work still running when the engine stops leaves the journal as it was. */
    void shutdown() {
        stopped = true;
    }

    /** Starts a new execution. */
    void begin(Execution x) {
        Frame root;
        synchronized (x) {
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("input", x.inputText);
            details.putObject("inputDetails").put("truncated", false);
            details.put("roleArn", x.stateMachine.roleArn());
            x.event(null, x.startDate, "ExecutionStarted", "executionStartedEventDetails", details);
            root = new Frame("r", null, -1, x.definition.root(), x.definition.root().startAt(), x.input);
            root.lastEventId = x.eventCounter;
            x.root = root;
            x.frames.put(root.id, root);
            x.touch(root);
            armExecutionTimeout(x);
            commit(x);
        }
        scheduler.execute(() -> advance(x, root));
    }

    /** Arms the definition's TimeoutSeconds for the execution (counted from its start or last redrive). */
    void armExecutionTimeout(Execution x) {
        Integer timeout = x.definition.timeoutSeconds();
        if (timeout != null) {
            long base = x.redriveDate != null ? x.redriveDate : x.startDate;
            x.timeoutTimer = scheduler.schedule(base + timeout * 1000L, () -> timeOut(x));
        }
    }

    private void timeOut(Execution x) {
        synchronized (x) {
            if (!x.running()) {
                return;
            }
            close(x, ExecutionStatus.TIMED_OUT, StatesError.TIMEOUT, "The execution timed out after "
                    + x.definition.timeoutSeconds() + " seconds", "ExecutionTimedOut", "executionTimedOutEventDetails");
            commit(x);
        }
    }

    /** Stops a running execution (StopExecution). */
    void stop(Execution x, String error, String cause) {
        synchronized (x) {
            if (!x.running()) {
                return;
            }
            close(x, ExecutionStatus.ABORTED, error, cause, "ExecutionAborted", "executionAbortedEventDetails");
            commit(x);
        }
    }

    private void close(Execution x, ExecutionStatus status, String error, String cause, String eventType,
                       String detailsKey) {
        for (Frame f : x.frames.values()) {
            if (f.status == Frame.Status.RUNNING) {
                abortFrame(x, f);
            }
        }
        ObjectNode details = JsonValues.NODES.objectNode();
        JsonValues.putIfNotNull(details, "error", error);
        JsonValues.putIfNotNull(details, "cause", cause);
        finishExecution(x, status, null, error, cause, eventType, detailsKey, details);
    }

    void abortFrame(Execution x, Frame f) {
        f.cancelTimers();
        if (f.token != null) {
            tokens.remove(f.token);
            f.token = null;
        }
        f.status = Frame.Status.ABORTED;
        f.attempt++;
        x.touch(f);
    }

    private void finishExecution(Execution x, ExecutionStatus status, String output, String error, String cause,
                                 String eventType, String detailsKey, ObjectNode details) {
        long now = scheduler.now();
        x.status = status;
        x.stopDate = now;
        x.outputText = output;
        x.error = error;
        x.cause = cause;
        x.headerDirty = true;
        if (x.timeoutTimer != null) {
            x.timeoutTimer.cancel();
            x.timeoutTimer = null;
        }
        x.event(null, now, eventType, detailsKey, details);
        x.notifyAll();
        List<Runnable> listeners = List.copyOf(x.finishListeners);
        x.finishListeners.clear();
        listeners.forEach(scheduler::execute);
    }

    /** Redrives a failed, timed-out or aborted execution from where it stopped. */
    void redrive(Execution x) {
        List<Frame> restart = new ArrayList<>();
        synchronized (x) {
            long now = scheduler.now();
            x.status = ExecutionStatus.RUNNING;
            x.redriveCount++;
            x.redriveDate = now;
            x.stopDate = null;
            x.error = null;
            x.cause = null;
            x.headerDirty = true;
            x.refreshContext();
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("redriveCount", x.redriveCount);
            x.event(null, now, "ExecutionRedriven", "executionRedrivenEventDetails", details);
            reopen(x, x.root, restart);
            armExecutionTimeout(x);
            commit(x);
        }
        for (Frame f : restart) {
            scheduler.execute(() -> advance(x, f));
        }
    }

    private void reopen(Execution x, Frame f, List<Frame> restart) {
        if (f.status == Frame.Status.SUCCEEDED) {
            return;
        }
        f.status = Frame.Status.RUNNING;
        f.error = null;
        f.cause = null;
        f.lastEventId = x.eventCounter;
        x.touch(f);
        if (f.phase == Frame.Phase.CHILDREN) {
            boolean any = false;
            for (Frame child : f.children) {
                if (child.status != Frame.Status.SUCCEEDED) {
                    reopen(x, child, restart);
                    any = true;
                }
            }
            if (f.state() instanceof State.Map) {
                f.failures = 0;
                any |= branches.launchIterations(x, f, restart);
            }
            if (any || f.completed < f.results.length) {
                return;
            }
        }
        f.phase = Frame.Phase.RUN;
        f.entered = false;
        f.retryCounts = new int[0];
        restart.add(f);
    }

    /** Resumes a frame after a restart of the engine, as its checkpoint left it. */
    void resume(Execution x, Frame f) {
        synchronized (x) {
            switch (f.phase) {
                case RUN, TASK -> {
                    f.phase = Frame.Phase.RUN;
                    scheduler.execute(() -> advance(x, f));
                }
                case WAIT, RETRY -> {
                    int attempt = f.attempt;
                    f.timer = scheduler.schedule(f.deadline, () -> timerFired(x, f, attempt));
                }
                case TOKEN -> {
                    tokens.put(f.token, new TokenRef(x, f));
                    armTaskTimers(x, f, (State.Task) f.state(), f.deadline, f.heartbeatSeconds);
                }
                case CHILDREN -> {
                    List<Frame> started = new ArrayList<>();
                    if (f.state() instanceof State.Map) {
                        branches.launchIterations(x, f, started);
                    }
                    started.forEach(child -> scheduler.execute(() -> advance(x, child)));
                    if (f.completed == f.results.length) {
                        branches.childrenDone(x, f);
                    }
                }
                default -> throw new IllegalStateException(f.phase.name());
            }
            commit(x);
        }
    }

    // ------------------------------------------------------------------ the step loop

    /** Runs a frame's states until it waits, ends, or has had its turn. */
    void advance(Execution x, Frame f) {
        synchronized (x) {
            if (f.active) {
                f.advanceAgain = true;
                return;
            }
            f.active = true;
        }
        try {
            for (int steps = 0; steps < STEPS_PER_TURN; steps++) {
                Dispatch dispatch;
                synchronized (x) {
                    if (!x.running() || f.status != Frame.Status.RUNNING || f.phase != Frame.Phase.RUN) {
                        commit(x);
                        return;
                    }
                    dispatch = step(x, f);
                    commit(x);
                }
                if (dispatch != null && !callTask(x, f, dispatch)) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            if (stopped) {
                return;
            }
            LOG.error("execution {} failed inside the engine", x.arn, e);
            synchronized (x) {
                if (x.running()) {
                    failFrame(x, f, StatesError.RUNTIME, "Internal error of the local engine: " + e);
                    commit(x);
                }
            }
            return;
        } finally {
            boolean again;
            synchronized (x) {
                f.active = false;
                again = f.advanceAgain;
                f.advanceAgain = false;
            }
            if (again) {
                scheduler.execute(() -> advance(x, f));
            }
        }
        scheduler.execute(() -> advance(x, f));
    }

    /** Calls a task; returns true when it completed inline and the frame may go on in this turn. */
    private boolean callTask(Execution x, Frame f, Dispatch dispatch) {
        CompletionStage<JsonNode> stage;
        try {
            stage = tasks.call(dispatch.target, dispatch.parameters);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<JsonNode> future = stage.toCompletableFuture();
        if (future.isDone()) {
            taskCompleted(x, f, dispatch, future);
            return true;
        }
        future.whenComplete((result, failure) -> scheduler.execute(() -> {
            taskCompleted(x, f, dispatch, future);
            advance(x, f);
        }));
        return false;
    }

    private void taskCompleted(Execution x, Frame f, Dispatch dispatch, CompletableFuture<JsonNode> future) {
        JsonNode result = null;
        StatesError error = null;
        try {
            result = future.join();
        } catch (CompletionException e) {
            error = asStatesError(e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            error = asStatesError(e);
        }
        synchronized (x) {
            if (!x.running() || f.status != Frame.Status.RUNNING || f.phase != Frame.Phase.TASK
                    || f.attempt != dispatch.attempt) {
                return;
            }
            if (error != null) {
                taskFailed(x, f, dispatch.state, dispatch.target, error);
            } else if (dispatch.target.waitForToken()) {
                ObjectNode details = taskDetails(dispatch.target);
                details.put("output", JsonValues.write(result));
                x.event(f, scheduler.now(), "TaskSubmitted", "taskSubmittedEventDetails", details);
                f.phase = Frame.Phase.TOKEN;
                x.touch(f);
                armHeartbeat(x, f, (State.Task) f.state());
            } else {
                taskSucceeded(x, f, dispatch.state, dispatch.target, result);
            }
            commit(x);
        }
    }

    private static StatesError asStatesError(Throwable failure) {
        if (failure instanceof StatesError error) {
            return error;
        }
        return new StatesError(StatesError.TASK_FAILED, String.valueOf(failure.getMessage()));
    }

    /** Runs the frame's current state as far as it goes without waiting; returns a task to call, if any. */
    private Dispatch step(Execution x, Frame f) {
        State state = f.state();
        long now = scheduler.now();
        if (!f.entered) {
            f.entered = true;
            f.enteredAt = now;
            f.retryCounts = new int[retriers(state).size()];
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("name", state.name());
            details.put("input", JsonValues.write(f.input));
            details.putObject("inputDetails").put("truncated", false);
            x.event(f, now, state.type() + "StateEntered", "stateEnteredEventDetails", details);
            x.touch(f);
        }
        StateQuery query = x.definition.query(state.name());
        try {
            if (query.jsonata() && !(state instanceof State.Task || state instanceof State.Wait
                    || state instanceof State.Parallel || state instanceof State.Map)) {
                jsonataStep(x, f, state, query);
            } else if (state instanceof State.Pass pass) {
                ObjectNode context = context(x, f, null);
                JsonNode effective = pass.inputPath().apply(f.input, context);
                JsonNode result = pass.result() != null ? pass.result()
                        : pass.parameters() != null ? pass.parameters().evaluate(effective, context)
                        : effective;
                ObjectNode assigned = Queries.assignment(query.assign(), result, null, context);
                JsonNode output = pass.outputPath().apply(pass.resultPath().apply(f.input, result), context);
                Queries.assign(x, f, assigned);
                exitState(x, f, output, pass.transition().next());
            } else if (state instanceof State.Choice choice) {
                ObjectNode context = context(x, f, null);
                JsonNode effective = choice.inputPath().apply(f.input, context);
                String next = choice.defaultNext();
                StateQuery.Assign assign = query.assign();
                for (int i = 0; i < choice.choices().size(); i++) {
                    ChoiceRule rule = choice.choices().get(i);
                    if (rule.test(effective, context)) {
                        next = rule.next();
                        assign = i < query.rules().size() ? query.rules().get(i).assign() : null;
                        break;
                    }
                }
                if (next == null) {
                    throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice Rules matched the input "
                            + "and there is no Default: " + JsonValues.write(effective));
                }
                ObjectNode assigned = Queries.assignment(assign, effective, null, context);
                JsonNode output = choice.outputPath().apply(effective, context);
                Queries.assign(x, f, assigned);
                exitState(x, f, output, next);
            } else if (state instanceof State.Succeed succeed) {
                ObjectNode context = context(x, f, null);
                exitState(x, f, succeed.outputPath().apply(succeed.inputPath().apply(f.input, context), context),
                        null);
            } else if (state instanceof State.Fail fail) {
                ObjectNode context = context(x, f, null);
                String error = fail.errorPath() != null ? text(fail.errorPath().evaluate(f.input, context))
                        : fail.error();
                String cause = fail.causePath() != null ? text(fail.causePath().evaluate(f.input, context))
                        : fail.cause();
                failFrame(x, f, error, cause);
            } else if (state instanceof State.Wait wait) {
                startWait(x, f, wait);
            } else if (state instanceof State.Task task) {
                return dispatch(x, f, task);
            } else if (state instanceof State.Parallel parallel) {
                branches.startParallel(x, f, parallel);
            } else if (state instanceof State.Map map) {
                branches.startMap(x, f, map);
            }
            return null;
        } catch (JsonPathExpression.PathNotFound e) {
            stateError(x, f, state, StatesError.runtime("The JSONPath '" + e.path() + "' could not be found in the "
                    + "input '" + JsonValues.write(f.input) + "'"));
            return null;
        } catch (StatesError e) {
            stateError(x, f, state, e);
            return null;
        }
    }

    /** Pass, Choice, Succeed and Fail in a JSONata state. */
    private void jsonataStep(Execution x, Frame f, State state, StateQuery query) {
        ObjectNode context = context(x, f, null);
        ObjectNode states = Queries.states(f.input, context);
        JsonataTemplate output = query.output();
        StateQuery.Assign assign = query.assign();
        String next;
        if (state instanceof State.Pass pass) {
            next = pass.transition().next();
        } else if (state instanceof State.Choice choice) {
            next = null;
            for (StateQuery.Rule rule : query.rules()) {
                JsonNode condition = Queries.eval(rule.condition(), states, context);
                if (!condition.isBoolean()) {
                    throw StatesError.query("The Condition of a Choice rule must give a boolean but gave "
                            + JsonValues.write(condition));
                }
                if (condition.booleanValue()) {
                    next = rule.next();
                    assign = rule.assign();
                    output = rule.output() != null ? rule.output() : output;
                    break;
                }
            }
            if (next == null) {
                next = choice.defaultNext();
            }
            if (next == null) {
                throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice Rules matched the input and there is "
                        + "no Default: " + JsonValues.write(f.input));
            }
        } else if (state instanceof State.Fail fail) {
            String error = query.field("Error") != null ? text(Queries.eval(query.field("Error"), states, context))
                    : fail.error();
            String cause = query.field("Cause") != null ? text(Queries.eval(query.field("Cause"), states, context))
                    : fail.cause();
            failFrame(x, f, error, cause);
            return;
        } else {
            next = null;
        }
        JsonNode out = output != null ? Queries.eval(output, states, context) : f.input;
        ObjectNode assigned = Queries.assignment(assign, null, states, context);
        Queries.assign(x, f, assigned);
        exitState(x, f, out, next);
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : JsonValues.write(value);
    }

    void stateError(Execution x, Frame f, State state, StatesError e) {
        if (e.error().equals(StatesError.QUERY_EVALUATION)) {
            String cause = "An error occurred while executing the state '" + state.name()
                    + "' (entered at the event id #" + enteredEventId(x, f) + "). " + e.errorCause();
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("error", e.error());
            details.put("cause", cause);
            details.put("state", state.name());
            x.event(f, scheduler.now(), "EvaluationFailed", "evaluationFailedEventDetails", details);
            handleError(x, f, state, new StatesError(e.error(), cause));
        } else if (e.isRuntime()) {
            String cause = "An error occurred while executing the state '" + state.name()
                    + "' (entered at the event id #" + enteredEventId(x, f) + "). " + e.errorCause();
            handleError(x, f, state, new StatesError(e.error(), cause));
        } else {
            handleError(x, f, state, e);
        }
    }

    private long enteredEventId(Execution x, Frame f) {
        for (int i = x.history.size() - 1; i >= 0; i--) {
            HistoryEvent event = x.history.get(i);
            if (event.type().endsWith("StateEntered") && event.details() != null
                    && f.stateName.equals(event.details().path("name").asText())) {
                return event.id();
            }
        }
        return 0;
    }

    /** The context object ({@code $$}) for the frame's current state, carrying the variables the frame sees. */
    ObjectNode context(Execution x, Frame f, String token) {
        ObjectNode context = new ContextObject(Queries.visible(f));
        context.set("Execution", x.contextExecution);
        context.set("StateMachine", x.contextStateMachine);
        ObjectNode state = context.putObject("State");
        state.put("EnteredTime", Execution.iso(f.enteredAt));
        state.put("Name", f.stateName);
        state.put("RetryCount", f.retryCount());
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }

    // ------------------------------------------------------------------ leaving states

    private void exitState(Execution x, Frame f, JsonNode output, String next) {
        leaveState(x, f, output, next, true);
    }

    /** Moves on from the current state; a caught error moves on without a StateExited event, as in AWS. */
    private void leaveState(Execution x, Frame f, JsonNode output, String next, boolean exited) {
        State state = f.state();
        if (exited) {
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("name", state.name());
            details.put("output", JsonValues.write(output));
            details.putObject("outputDetails").put("truncated", false);
            x.event(f, scheduler.now(), state.type() + "StateExited", "stateExitedEventDetails", details);
        }
        f.cancelTimers();
        f.attempt++;
        x.touch(f);
        if (next == null) {
            finishFrame(x, f, output);
            return;
        }
        f.stateName = next;
        f.input = output;
        f.entered = false;
        f.phase = Frame.Phase.RUN;
        f.token = null;
    }

    private void finishFrame(Execution x, Frame f, JsonNode output) {
        f.status = Frame.Status.SUCCEEDED;
        f.output = output;
        f.phase = Frame.Phase.RUN;
        x.touch(f);
        if (f.parent == null) {
            ObjectNode details = JsonValues.NODES.objectNode();
            String text = JsonValues.write(output);
            details.put("output", text);
            details.putObject("outputDetails").put("truncated", false);
            finishExecution(x, ExecutionStatus.SUCCEEDED, text, null, null, "ExecutionSucceeded",
                    "executionSucceededEventDetails", details);
        } else {
            branches.childSucceeded(x, f.parent, f);
        }
    }

    private void failFrame(Execution x, Frame f, String error, String cause) {
        f.cancelTimers();
        f.attempt++;
        if (f.token != null) {
            tokens.remove(f.token);
            f.token = null;
        }
        f.status = Frame.Status.FAILED;
        f.error = error;
        f.cause = cause;
        x.touch(f);
        if (f.parent == null) {
            ObjectNode details = JsonValues.NODES.objectNode();
            JsonValues.putIfNotNull(details, "error", error);
            JsonValues.putIfNotNull(details, "cause", cause);
            finishExecution(x, ExecutionStatus.FAILED, null, error, cause, "ExecutionFailed",
                    "executionFailedEventDetails", details);
        } else {
            branches.childFailed(x, f.parent, f);
        }
    }

    /** Retry, then Catch, then fail the frame. Runtime errors skip both. */
    void handleError(Execution x, Frame f, State state, StatesError e) {
        if (!e.isRuntime()) {
            List<State.Retrier> retriers = retriers(state);
            for (int i = 0; i < retriers.size(); i++) {
                State.Retrier retrier = retriers.get(i);
                if (!matches(retrier.errorEquals(), e.error())) {
                    continue;
                }
                if (f.retryCounts.length == retriers.size() && f.retryCounts[i] < retrier.maxAttempts()) {
                    long delay = retrier.delayMillis(f.retryCounts[i]);
                    if (retrier.fullJitter()) {
                        delay = (long) (ThreadLocalRandom.current().nextDouble() * delay);
                    }
                    f.retryCounts[i]++;
                    f.cancelTimers();
                    f.phase = Frame.Phase.RETRY;
                    f.deadline = scheduler.now() + delay;
                    f.attempt++;
                    int attempt = f.attempt;
                    f.timer = scheduler.schedule(f.deadline, () -> timerFired(x, f, attempt));
                    x.touch(f);
                    return;
                }
                break;
            }
            List<State.Catcher> catchers = catchers(state);
            for (int i = 0; i < catchers.size(); i++) {
                State.Catcher catcher = catchers.get(i);
                if (matches(catcher.errorEquals(), e.error())) {
                    ObjectNode errorOutput = JsonValues.NODES.objectNode();
                    errorOutput.put("Error", e.error());
                    if (e.errorCause() != null) {
                        errorOutput.put("Cause", e.errorCause());
                    }
                    StateQuery query = x.definition.query(state.name());
                    StateQuery.Handler handler = i < query.catchers().size() ? query.catchers().get(i) : null;
                    JsonNode output;
                    try {
                        ObjectNode context = context(x, f, null);
                        ObjectNode assigned;
                        if (query.jsonata()) {
                            ObjectNode states = Queries.states(f.input, context);
                            states.set("errorOutput", errorOutput);
                            output = handler != null && handler.output() != null
                                    ? Queries.eval(handler.output(), states, context) : errorOutput;
                            assigned = Queries.assignment(handler == null ? null : handler.assign(), null, states,
                                    context);
                        } else {
                            assigned = Queries.assignment(handler == null ? null : handler.assign(), errorOutput,
                                    null, context);
                            output = catcher.resultPath().apply(f.input, errorOutput);
                        }
                        Queries.assign(x, f, assigned);
                    } catch (StatesError resultPathError) {
                        failFrame(x, f, resultPathError.error(), resultPathError.errorCause());
                        return;
                    } catch (JsonPathExpression.PathNotFound notFound) {
                        failFrame(x, f, StatesError.RUNTIME, "The JSONPath '" + notFound.path()
                                + "' of the catcher's Assign could not be found in the error output");
                        return;
                    }
                    leaveState(x, f, output, catcher.next(), false);
                    return;
                }
            }
        }
        failFrame(x, f, e.error(), e.errorCause());
    }

    private static boolean matches(List<String> errorEquals, String error) {
        for (String name : errorEquals) {
            if (name.equals(error) || name.equals(StatesError.ALL)
                    || (name.equals(StatesError.TASK_FAILED) && !error.equals(StatesError.TIMEOUT))) {
                return true;
            }
        }
        return false;
    }

    private static List<State.Retrier> retriers(State state) {
        return state instanceof State.Recoverable recoverable ? recoverable.retry() : List.of();
    }

    private static List<State.Catcher> catchers(State state) {
        return state instanceof State.Recoverable recoverable ? recoverable.catchers() : List.of();
    }

    private void timerFired(Execution x, Frame f, int attempt) {
        synchronized (x) {
            if (!x.running() || f.status != Frame.Status.RUNNING || f.attempt != attempt) {
                return;
            }
            f.timer = null;
            if (f.phase == Frame.Phase.WAIT) {
                State.Wait wait = (State.Wait) f.state();
                ObjectNode context = context(x, f, null);
                try {
                    StateQuery query = x.definition.query(wait.name());
                    JsonNode output;
                    ObjectNode assigned;
                    if (query.jsonata()) {
                        ObjectNode states = Queries.states(f.input, context);
                        output = query.output() != null ? Queries.eval(query.output(), states, context) : f.input;
                        assigned = Queries.assignment(query.assign(), null, states, context);
                    } else {
                        JsonNode effective = wait.inputPath().apply(f.input, context);
                        assigned = Queries.assignment(query.assign(), effective, null, context);
                        output = wait.outputPath().apply(effective, context);
                    }
                    Queries.assign(x, f, assigned);
                    exitState(x, f, output, wait.transition().next());
                } catch (JsonPathExpression.PathNotFound e) {
                    stateError(x, f, wait, StatesError.runtime("The JSONPath '" + e.path()
                            + "' could not be found in the input '" + JsonValues.write(f.input) + "'"));
                } catch (StatesError e) {
                    stateError(x, f, wait, e);
                }
            } else if (f.phase == Frame.Phase.RETRY) {
                f.phase = Frame.Phase.RUN;
                x.touch(f);
            } else {
                return;
            }
            commit(x);
        }
        advance(x, f);
    }

    // ------------------------------------------------------------------ Wait

    private void startWait(Execution x, Frame f, State.Wait wait) {
        ObjectNode context = context(x, f, null);
        JsonNode effective = wait.inputPath().apply(f.input, context);
        StateQuery query = x.definition.query(wait.name());
        long deadline;
        if (query.field("Seconds") != null) {
            JsonNode seconds = Queries.eval(query.field("Seconds"), Queries.states(f.input, context), context);
            if (!seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw StatesError.query("The Seconds expression must give a non-negative integer but gave "
                        + JsonValues.write(seconds));
            }
            deadline = f.enteredAt + seconds.asLong() * 1000;
        } else if (query.field("Timestamp") != null) {
            JsonNode timestamp = Queries.eval(query.field("Timestamp"), Queries.states(f.input, context), context);
            java.time.OffsetDateTime parsed = timestamp.isTextual()
                    ? com.creatorflow.local.sfn.asl.ChoiceRule.timestamp(timestamp.asText()) : null;
            if (parsed == null) {
                throw StatesError.query("The Timestamp expression must give an RFC 3339 timestamp but gave "
                        + JsonValues.write(timestamp));
            }
            deadline = parsed.toInstant().toEpochMilli();
        } else if (wait.seconds() != null) {
            deadline = f.enteredAt + wait.seconds() * 1000;
        } else if (wait.timestamp() != null) {
            deadline = wait.timestamp().toEpochMilli();
        } else if (wait.secondsPath() != null) {
            JsonNode seconds = wait.secondsPath().evaluate(effective, context);
            if (!seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw StatesError.runtime("The SecondsPath parameter does not reference a valid non-negative "
                        + "integer: " + JsonValues.write(seconds));
            }
            deadline = f.enteredAt + seconds.asLong() * 1000;
        } else {
            JsonNode timestamp = wait.timestampPath().evaluate(effective, context);
            OffsetDateTime parsed = null;
            if (timestamp.isTextual() && timestamp.asText().indexOf('T') > 0) {
                try {
                    parsed = OffsetDateTime.parse(timestamp.asText());
                } catch (DateTimeParseException e) {
                    parsed = null;
                }
            }
            if (parsed == null) {
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 "
                        + "extended offset date-time format string: " + JsonValues.write(timestamp));
            }
            deadline = parsed.toInstant().toEpochMilli();
        }
        f.phase = Frame.Phase.WAIT;
        f.deadline = deadline;
        f.attempt++;
        int attempt = f.attempt;
        f.timer = scheduler.schedule(deadline, () -> timerFired(x, f, attempt));
        x.touch(f);
    }

    // ------------------------------------------------------------------ Task

    private Dispatch dispatch(Execution x, Frame f, State.Task task) {
        StringBuilder problem = new StringBuilder();
        TaskDispatcher.Target target = tasks.target(task.resource(), problem);
        if (target == null) {
            throw StatesError.runtime(problem.toString());
        }
        String token = target.waitForToken() ? (f.token != null ? f.token : newToken()) : null;
        ObjectNode context = context(x, f, token);
        StateQuery query = x.definition.query(task.name());
        JsonNode effective;
        JsonNode parameters;
        Long timeout;
        Long heartbeat;
        if (query.jsonata()) {
            ObjectNode states = Queries.states(f.input, context);
            effective = f.input;
            parameters = query.arguments() != null ? Queries.eval(query.arguments(), states, context) : f.input;
            timeout = jsonataSeconds(query.field("TimeoutSeconds"), task.timeoutSeconds(), states, context);
            heartbeat = jsonataSeconds(query.field("HeartbeatSeconds"), task.heartbeatSeconds(), states, context);
        } else {
            effective = task.inputPath().apply(f.input, context);
            parameters = task.parameters() != null ? task.parameters().evaluate(effective, context) : effective;
            timeout = seconds(task.timeoutSeconds(), task.timeoutSecondsPath(), effective, context, "TimeoutSeconds");
            heartbeat = seconds(task.heartbeatSeconds(), task.heartbeatSecondsPath(), effective, context,
                    "HeartbeatSeconds");
        }
        long now = scheduler.now();
        if (target.lambdaFunction()) {
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("resource", target.serviceAction());
            details.put("input", JsonValues.write(parameters));
            details.putObject("inputDetails").put("truncated", false);
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            x.event(f, now, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", details);
            x.event(f, now, "LambdaFunctionStarted", null, null);
        } else {
            ObjectNode details = taskDetails(target);
            details.put("region", region);
            details.put("parameters", JsonValues.write(parameters));
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                details.put("heartbeatInSeconds", heartbeat);
            }
            x.event(f, now, "TaskScheduled", "taskScheduledEventDetails", details);
            x.event(f, now, "TaskStarted", "taskStartedEventDetails", taskDetails(target));
        }
        f.phase = Frame.Phase.TASK;
        f.attempt++;
        f.token = token;
        f.heartbeatSeconds = heartbeat == null ? 0 : heartbeat;
        f.deadline = timeout == null ? 0 : now + timeout * 1000;
        if (token != null) {
            tokens.put(token, new TokenRef(x, f));
        }
        armTaskTimers(x, f, task, f.deadline, 0);
        x.touch(f);
        return new Dispatch(task, target, parameters, f.attempt);
    }

    private static Long jsonataSeconds(JsonataTemplate expression, Integer fixed, ObjectNode states,
                                       ObjectNode context) {
        if (expression == null) {
            return fixed == null ? null : fixed.longValue();
        }
        JsonNode value = Queries.eval(expression, states, context);
        if (!value.isIntegralNumber() || value.asLong() <= 0) {
            throw StatesError.query("The " + expression.field() + " expression must give a positive integer but "
                    + "gave " + JsonValues.write(value));
        }
        return value.asLong();
    }

    private static Long seconds(Integer fixed, JsonPathExpression path, JsonNode effective, JsonNode context,
                                String field) {
        if (fixed != null) {
            return fixed.longValue();
        }
        if (path == null) {
            return null;
        }
        JsonNode value = path.evaluate(effective, context);
        if (!value.isIntegralNumber() || value.asLong() <= 0) {
            throw StatesError.runtime("The value of " + field + "Path must be a positive integer but was "
                    + JsonValues.write(value));
        }
        return value.asLong();
    }

    private void armTaskTimers(Execution x, Frame f, State.Task task, long deadline, long heartbeatSeconds) {
        if (deadline > 0) {
            int attempt = f.attempt;
            f.timer = scheduler.schedule(deadline, () -> taskTimedOut(x, f, attempt, StatesError.TIMEOUT));
        }
        if (heartbeatSeconds > 0) {
            armHeartbeat(x, f, task);
        }
    }

    private void armHeartbeat(Execution x, Frame f, State.Task task) {
        if (f.heartbeatSeconds <= 0) {
            return;
        }
        if (f.heartbeatTimer != null) {
            f.heartbeatTimer.cancel();
        }
        int attempt = f.attempt;
        f.heartbeatTimer = scheduler.schedule(scheduler.now() + f.heartbeatSeconds * 1000,
                () -> taskTimedOut(x, f, attempt, StatesError.HEARTBEAT_TIMEOUT));
    }

    private void taskTimedOut(Execution x, Frame f, int attempt, String error) {
        synchronized (x) {
            if (!x.running() || f.status != Frame.Status.RUNNING || f.attempt != attempt
                    || (f.phase != Frame.Phase.TASK && f.phase != Frame.Phase.TOKEN)) {
                return;
            }
            State.Task task = (State.Task) f.state();
            StringBuilder ignored = new StringBuilder();
            TaskDispatcher.Target target = tasks.target(task.resource(), ignored);
            String cause = error.equals(StatesError.TIMEOUT) ? "The task timed out" : "The task missed its heartbeat";
            ObjectNode details = target.lambdaFunction() ? JsonValues.NODES.objectNode() : taskDetails(target);
            details.put("error", error);
            details.put("cause", cause);
            x.event(f, scheduler.now(), target.lambdaFunction() ? "LambdaFunctionTimedOut" : "TaskTimedOut",
                    target.lambdaFunction() ? "lambdaFunctionTimedOutEventDetails" : "taskTimedOutEventDetails",
                    details);
            releaseTask(f);
            handleError(x, f, task, new StatesError(error, cause));
            commit(x);
        }
        advance(x, f);
    }

    private void releaseTask(Frame f) {
        f.cancelTimers();
        if (f.token != null) {
            tokens.remove(f.token);
            f.token = null;
        }
        f.attempt++;
        f.phase = Frame.Phase.RUN;
    }

    private void taskSucceeded(Execution x, Frame f, State.Task task, TaskDispatcher.Target target, JsonNode result) {
        long now = scheduler.now();
        if (target.lambdaFunction()) {
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("output", JsonValues.write(result));
            details.putObject("outputDetails").put("truncated", false);
            x.event(f, now, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", details);
        } else {
            ObjectNode details = taskDetails(target);
            details.put("output", JsonValues.write(result));
            details.putObject("outputDetails").put("truncated", false);
            x.event(f, now, "TaskSucceeded", "taskSucceededEventDetails", details);
        }
        releaseTask(f);
        completeWithResult(x, f, task, task.resultSelector(), task.resultPath(), task.outputPath(), result,
                task.transition());
    }

    private void taskFailed(Execution x, Frame f, State.Task task, TaskDispatcher.Target target, StatesError e) {
        ObjectNode details = target.lambdaFunction() ? JsonValues.NODES.objectNode() : taskDetails(target);
        details.put("error", e.error());
        JsonValues.putIfNotNull(details, "cause", e.errorCause());
        x.event(f, scheduler.now(), target.lambdaFunction() ? "LambdaFunctionFailed" : "TaskFailed",
                target.lambdaFunction() ? "lambdaFunctionFailedEventDetails" : "taskFailedEventDetails", details);
        releaseTask(f);
        if (e.isRuntime()) {
            stateError(x, f, task, e);
        } else {
            handleError(x, f, task, e);
        }
    }

    /** ResultSelector, ResultPath and OutputPath on a result, then on to the next state (or Retry/Catch on error). */
    void completeWithResult(Execution x, Frame f, State state, com.creatorflow.local.sfn.path.PayloadTemplate
            resultSelector, State.ResultPath resultPath, State.DataPath outputPath, JsonNode result,
                                    State.Transition transition) {
        try {
            ObjectNode context = context(x, f, null);
            StateQuery query = x.definition.query(state.name());
            if (query.jsonata()) {
                ObjectNode states = Queries.states(f.input, context);
                states.set("result", result);
                JsonNode output = query.output() != null ? Queries.eval(query.output(), states, context) : result;
                Queries.assign(x, f, Queries.assignment(query.assign(), null, states, context));
                exitState(x, f, output, transition.next());
                return;
            }
            JsonNode selected = resultSelector != null ? resultSelector.evaluate(result, context) : result;
            ObjectNode assigned = Queries.assignment(query.assign(), selected, null, context);
            JsonNode combined = resultPath.apply(f.input, selected);
            JsonNode output = outputPath.apply(combined, context);
            Queries.assign(x, f, assigned);
            exitState(x, f, output, transition.next());
        } catch (JsonPathExpression.PathNotFound e) {
            stateError(x, f, state, StatesError.runtime("The JSONPath '" + e.path()
                    + "' could not be found in the result or input"));
        } catch (StatesError e) {
            stateError(x, f, state, e);
        }
    }

    private static ObjectNode taskDetails(TaskDispatcher.Target target) {
        ObjectNode details = JsonValues.NODES.objectNode();
        details.put("resourceType", target.resourceType());
        details.put("resource", target.resource());
        return details;
    }

    private String newToken() {
        byte[] bytes = new byte[48];
        tokenRandom.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
    void completeToken(String token, JsonNode output, StatesError failure, boolean heartbeat) {
        TokenRef ref = tokens.get(token);
        if (ref == null) {
            throw new SfnException("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
        }
        Execution x = ref.execution;
        Frame f = ref.frame;
        synchronized (x) {
            if (!x.running() || f.status != Frame.Status.RUNNING || !token.equals(f.token)
                    || (f.phase != Frame.Phase.TOKEN && f.phase != Frame.Phase.TASK)) {
                tokens.remove(token);
                throw new SfnException("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
            }
            State.Task task = (State.Task) f.state();
            if (heartbeat) {
                armHeartbeat(x, f, task);
                return;
            }
            StringBuilder ignored = new StringBuilder();
            TaskDispatcher.Target target = tasks.target(task.resource(), ignored);
            tokens.remove(token);
            if (failure != null) {
                taskFailed(x, f, task, target, failure);
            } else {
                taskSucceeded(x, f, task, target, output);
            }
            commit(x);
        }
        scheduler.execute(() -> advance(x, f));
    }

    /** Tokens waiting for an answer, for tests and tools. */
    java.util.Set<String> waitingTokens() {
        return tokens.keySet();
    }

    // ------------------------------------------------------------------ journal

    /**
     * Writes what changed since the last commit in one journal append; an execution that closed then moves to the
     * archive. Express executions are not journaled (AWS keeps no state of them either): one the runtime's stop
     * interrupts is not resumed, and its parent's {@code .sync} task starts it again (at-least-once). Call under the
     * execution's monitor.
     */
    void commit(Execution x) {
        if (x.express() && !stopped) {
            x.pending.clear();
            x.dirty.clear();
            x.headerDirty = false;
            if (x.status.closed()) {
                store.retire(x);
            }
            return;
        }
        if (stopped) {
            x.pending.clear();
            x.dirty.clear();
            return;
        }
        if (x.headerDirty) {
            x.pending.add(0, Records.execution(x, x.history.size() <= 1));
            x.headerDirty = false;
        }
        for (Frame f : x.dirty) {
            x.pending.add(Records.frame(x.arn, f));
        }
        x.dirty.clear();
        if (!x.pending.isEmpty()) {
            store.record(x.pending);
            x.pending.clear();
        }
        if (x.status.closed()) {
            store.retire(x);
        }
    }
}
