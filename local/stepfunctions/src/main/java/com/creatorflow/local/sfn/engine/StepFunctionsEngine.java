package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.asl.InvalidDefinitionException;
import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.asl.StateMachineDefinition;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.sfn.store.DirectoryArchive;
import com.creatorflow.local.sfn.store.ExecutionArchive;
import com.creatorflow.local.sfn.store.FileJournal;
import com.creatorflow.local.sfn.store.Journal;
import com.creatorflow.local.sfn.store.Retention;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The local Step Functions engine: state machines and their executions, the operations of the Step Functions API as
 * Java methods, and recovery from its journal at start (running executions resume, waiting task tokens stay valid).
 * Closed executions are archived and kept for the {@link Retention} period (see {@link ExecutionStore}).
 */
public final class StepFunctionsEngine implements AutoCloseable {
    private static final Pattern INVALID_NAME = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]");
    private static final long REDRIVE_WINDOW_MILLIS = Duration.ofDays(14).toMillis();

    private final String region;
    private final String accountId;
    private final Scheduler scheduler;
    private final Journal journal;
    private final TaskDispatcher tasks;
    private final DistributedMaps maps;
    private final Interpreter interpreter;
    private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
    private final ExecutionStore executions;
    private JournalRecovery.Outcome recovered;

    private StepFunctionsEngine(Builder builder) {
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.scheduler = builder.scheduler != null ? builder.scheduler
                : new PoolScheduler(Math.max(4, Runtime.getRuntime().availableProcessors() * 2), 1.0);
        if (builder.dataDirectory != null) {
            this.journal = new FileJournal(builder.dataDirectory, false);
        } else {
            this.journal = Journal.NONE;
        }
        ExecutionArchive archive = builder.dataDirectory != null
                ? new DirectoryArchive(builder.dataDirectory.resolve("executions"), builder.retention, scheduler::now)
                : ExecutionArchive.inMemory(builder.retention, scheduler::now);
        this.executions = new ExecutionStore(journal, archive, builder.retention, scheduler, machines,
                builder.compactionBytes);
        this.tasks = new TaskDispatcher(builder.lambda, builder.clients, new ChildExecutions() {
            @Override
            public ExecutionView start(String stateMachineArn, String name, String input) {
                return startOrAttach(stateMachineArn, name, input);
            }

            @Override
            public CompletionStage<ExecutionView> whenFinished(String executionArn) {
                return StepFunctionsEngine.this.whenFinished(executionArn);
            }
        });
        this.maps = new DistributedMaps(builder.clients.s3(), region, accountId);
        this.interpreter = new Interpreter(scheduler, executions, tasks, region, maps);
    }

    /** A builder of an engine in memory, with no Lambda functions and no service clients. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of an engine. */
    public static final class Builder {
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private Scheduler scheduler;
        private Path dataDirectory;
        private Retention retention = Retention.DEFAULT;
        private long compactionBytes = 8L << 20;
        private LambdaInvoker lambda = LambdaInvoker.NONE;
        private AwsServiceClients clients = AwsServiceClients.none();

        private Builder() {
        }

        /** The region in ARNs. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The account id in ARNs. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Where work runs and time is kept (default: a pool of 2x cores threads on the wall clock). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * The folder where the engine keeps its journal (segments {@code journal-*.ndjson}) and its closed
         * executions ({@code executions/}); default: none, everything in memory.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** How long and how many closed executions are kept (default {@link Retention#DEFAULT}). */
        public Builder retention(Retention retention) {
            this.retention = retention;
            return this;
        }

        /**
         * The journal segment size (default 8 MiB) past which the journal is compacted: a new segment with a
         * snapshot of the running executions, the older segments deleted. It grows to twice the last snapshot when
         * that is bigger.
         */
        public Builder compactionBytes(long bytes) {
            this.compactionBytes = bytes;
            return this;
        }

        /** How Lambda functions are invoked. */
        public Builder lambda(LambdaInvoker lambda) {
            this.lambda = lambda;
            return this;
        }

        /** The SDK clients of service integrations. */
        public Builder serviceClients(AwsServiceClients clients) {
            this.clients = clients;
            return this;
        }

        /** Builds the engine and resumes what its journal holds. */
        public StepFunctionsEngine build() {
            StepFunctionsEngine engine = new StepFunctionsEngine(this);
            engine.recovered = new JournalRecovery(engine.journal, engine.interpreter, engine.machines,
                    engine.executions).recover();
            return engine;
        }
    }

    // ------------------------------------------------------------------ state machines

    /**
     * Creates a state machine (CreateStateMachine). Creating one again with the same definition returns it; with
     * another definition fails with {@code StateMachineAlreadyExists}.
     *
     * @throws SfnException {@code InvalidDefinition} (with every problem found), {@code InvalidName}, ...
     */
    public StateMachine createStateMachine(String name, String definition, String roleArn, String type) {
        checkName(name);
        String machineType = type == null ? "STANDARD" : type;
        if (!machineType.equals("STANDARD") && !machineType.equals("EXPRESS")) {
            throw new SfnException("ValidationException", "type must be STANDARD or EXPRESS");
        }
        StateMachineDefinition parsed = validate(definition);
        String arn = stateMachineArn(name);
        synchronized (machines) {
            StateMachine existing = machines.get(arn);
            if (existing != null) {
                if (existing.definition().text().equals(definition) && existing.type().equals(machineType)) {
                    return existing;
                }
                throw new SfnException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            StateMachine machine = new StateMachine(arn, name, machineType, roleArn == null
                    ? "arn:aws:iam::" + accountId + ":role/local" : roleArn, parsed, scheduler.now(), revision(definition));
            register(machine);
            return machine;
        }
    }

    /**
     * Creates the state machine or replaces its definition (what a deployment does); running executions keep the
     * definition they started with.
     */
    public StateMachine putStateMachine(String name, String definition, String roleArn, String type) {
        StateMachineDefinition parsed = validate(definition);
        String arn = stateMachineArn(name);
        synchronized (machines) {
            StateMachine existing = machines.get(arn);
            if (existing != null && existing.definition().text().equals(definition)) {
                return existing;
            }
            StateMachine machine = new StateMachine(arn, name, type == null ? "STANDARD" : type, roleArn == null
                    ? "arn:aws:iam::" + accountId + ":role/local" : roleArn, parsed,
                    existing != null ? existing.creationDate() : scheduler.now(), revision(definition));
            register(machine);
            return machine;
        }
    }

    /** UpdateStateMachine: a new definition and/or role. */
    public StateMachine updateStateMachine(String arn, String definition, String roleArn) {
        StateMachine existing = describeStateMachine(arn);
        String text = definition != null ? definition : existing.definition().text();
        StateMachineDefinition parsed = definition != null ? validate(definition) : existing.definition();
        StateMachine machine = new StateMachine(arn, existing.name(), existing.type(),
                roleArn != null ? roleArn : existing.roleArn(), parsed, existing.creationDate(), revision(text));
        synchronized (machines) {
            register(machine);
        }
        return machine;
    }

    private void register(StateMachine machine) {
        machines.put(machine.arn(), machine);
        executions.record(List.of(Records.stateMachine(machine)));
    }

    /** DeleteStateMachine (its executions stay visible). */
    public void deleteStateMachine(String arn) {
        synchronized (machines) {
            if (machines.remove(arn) != null) {
                ObjectNode record = JsonValues.NODES.objectNode();
                record.put("k", "smdel");
                record.put("arn", arn);
                executions.record(List.of(record));
            }
        }
    }

    /**
     * Parses and checks a definition, including that the engine can run every Task resource.
     *
     * @throws SfnException {@code InvalidDefinition} listing the problems
     */
    public StateMachineDefinition validate(String definition) {
        try {
            StateMachineDefinition parsed = StateMachineDefinition.parse(definition);
            List<InvalidDefinitionException.Diagnostic> problems = new ArrayList<>();
            checkResources(parsed.root(), "", problems);
            if (!problems.isEmpty()) {
                throw new InvalidDefinitionException(problems);
            }
            return parsed;
        } catch (InvalidDefinitionException e) {
            throw new InvalidDefinition(e);
        }
    }

    /** The InvalidDefinition API error, with the diagnostics behind it. */
    public static final class InvalidDefinition extends RuntimeException {
        private final transient InvalidDefinitionException details;

        InvalidDefinition(InvalidDefinitionException details) {
            super(details.getMessage(), null, false, false);
            this.details = details;
        }

        /** The problems found. */
        public List<InvalidDefinitionException.Diagnostic> diagnostics() {
            return details.diagnostics();
        }
    }

    private void checkResources(State.Branch branch, String at, List<InvalidDefinitionException.Diagnostic> out) {
        for (State state : branch.states().values()) {
            String location = at + "/States/" + state.name();
            if (state instanceof State.Task task) {
                StringBuilder problem = new StringBuilder();
                if (tasks.target(task.resource(), problem) == null) {
                    out.add(new InvalidDefinitionException.Diagnostic("UNSUPPORTED_FEATURE", problem.toString(),
                            location + "/Resource"));
                }
            } else if (state instanceof State.Parallel parallel) {
                for (int i = 0; i < parallel.branches().size(); i++) {
                    checkResources(parallel.branches().get(i), location + "/Branches[" + i + "]", out);
                }
            } else if (state instanceof State.Map map) {
                checkResources(map.processor(), location + "/ItemProcessor", out);
            }
        }
    }

    /** DescribeStateMachine. */
    public StateMachine describeStateMachine(String arn) {
        StateMachine machine = machines.get(arn);
        if (machine == null) {
            throw new SfnException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    /** ListStateMachines, by name. */
    public List<StateMachine> listStateMachines() {
        List<StateMachine> out = new ArrayList<>(machines.values());
        out.sort(Comparator.comparing(StateMachine::name));
        return out;
    }

    /** The ARN a state machine of this name has. */
    public String stateMachineArn(String name) {
        return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
    }

    // ------------------------------------------------------------------ executions

    /**
     * StartExecution. A name already used by a running execution with the same input returns that execution; any
     * other reuse of a name fails with {@code ExecutionAlreadyExists}, as in AWS, also for a closed execution until
     * its retention ends (then the name is free again).
     *
     * @param name the execution name, or null for a generated one
     * @param input the input JSON text, or null for {@code {}}
     */
    public ExecutionView startExecution(String stateMachineArn, String name, String input) {
        StateMachine machine = describeStateMachine(stateMachineArn);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        checkName(executionName);
        String inputText = input == null ? "{}" : input;
        try {
            JsonValues.parse(inputText);
        } catch (IllegalArgumentException e) {
            throw new SfnException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'");
        }
        String arn = executionArn(machine, executionName);
        Execution execution;
        synchronized (executions) {
            Execution existing = executions.live(arn);
            if (existing != null) {
                synchronized (existing) {
                    if (existing.running() && existing.inputText.equals(inputText)) {
                        return existing.view();
                    }
                }
            }
            if (existing != null || executions.closedView(arn) != null) {
                throw new SfnException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            execution = new Execution(arn, executionName, machine, machine.definition(), inputText, scheduler.now());
            if ("EXPRESS".equals(machine.type())) {
                Execution express = execution;
                express.finishListeners.add(() -> ExpressLog.finished(express.view()));
            }
            executions.add(execution);
        }
        interpreter.begin(execution);
        synchronized (execution) {
            return execution.view();
        }
    }

    /** The ARN of an execution of this name: {@code execution:} for STANDARD, {@code express:} for EXPRESS. */
    private String executionArn(StateMachine machine, String name) {
        return "arn:aws:states:" + region + ":" + accountId + ":"
                + ("EXPRESS".equals(machine.type()) ? "express" : "execution") + ":" + machine.name() + ":" + name;
    }

    /**
     * StartSyncExecution: runs an EXPRESS state machine's execution and returns when it ends.
     *
     * @throws SfnException {@code StateMachineTypeNotSupported} for a STANDARD state machine, as in AWS
     */
    public ExecutionView startSyncExecution(String stateMachineArn, String name, String input, Duration timeout) {
        StateMachine machine = describeStateMachine(stateMachineArn);
        if (!"EXPRESS".equals(machine.type())) {
            throw new SfnException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        ExecutionView started = startExecution(stateMachineArn, name, input);
        return awaitCompletion(started.executionArn(), timeout);
    }

    /**
     * StartExecution for a nested workflow: like {@link #startExecution}, except that a finished execution with the
     * same name and input is returned rather than refused, so a parent task retried after a crash attaches to the
     * child it started before.
     */
    ExecutionView startOrAttach(String stateMachineArn, String name, String input) {
        try {
            return startExecution(stateMachineArn, name, input);
        } catch (SfnException e) {
            if (name == null || !"ExecutionAlreadyExists".equals(e.code())) {
                throw e;
            }
            StateMachine machine = describeStateMachine(stateMachineArn);
            ExecutionView existing = executions.view(executionArn(machine, name));
            if (existing == null || !existing.input().equals(input == null ? "{}" : input)) {
                throw e;
            }
            return existing;
        }
    }

    /** Completes when the execution is no longer running, without holding a thread while it runs. */
    public CompletionStage<ExecutionView> whenFinished(String executionArn) {
        Execution x = executions.live(executionArn);
        if (x == null) {
            return CompletableFuture.completedFuture(describeExecution(executionArn));
        }
        synchronized (x) {
            if (!x.running()) {
                return CompletableFuture.completedFuture(x.view());
            }
            CompletableFuture<ExecutionView> done = new CompletableFuture<>();
            x.finishListeners.add(() -> done.complete(describeExecution(executionArn)));
            return done;
        }
    }

    /** Waits until the execution is no longer running, or the timeout passes; returns its state then. */
    public ExecutionView awaitCompletion(String executionArn, Duration timeout) {
        Execution x = executions.live(executionArn);
        if (x == null) {
            return describeExecution(executionArn);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (x) {
            while (x.running()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    x.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return x.view();
        }
    }

    /** DescribeExecution. */
    public ExecutionView describeExecution(String executionArn) {
        ExecutionView view = executions.view(executionArn);
        if (view == null) {
            DistributedMaps.Child child = maps.child(executionArn);
            if (child == null) {
                throw doesNotExist(executionArn);
            }
            view = child.run().childView(child.index());
        }
        return view;
    }

    /** ListExecutions: newest first, optionally one status only; closed executions within their retention. */
    public List<ExecutionView> listExecutions(String stateMachineArn, ExecutionStatus status) {
        describeStateMachine(stateMachineArn);
        List<ExecutionView> out = new ArrayList<>();
        for (ExecutionView view : executions.list(stateMachineArn)) {
            if (status == null || view.status() == status) {
                out.add(view);
            }
        }
        out.sort(Comparator.comparingLong(ExecutionView::startDate).reversed());
        return out;
    }

    /** ListMapRuns: the Map Runs of an execution's distributed Map states, newest first. */
    public List<MapRunView> listMapRuns(String executionArn) {
        describeExecution(executionArn);
        return maps.list(executionArn).stream().map(MapRunView::of).toList();
    }

    /** DescribeMapRun. */
    public MapRunView describeMapRun(String mapRunArn) {
        MapRun run = maps.describe(mapRunArn);
        if (run == null) {
            throw new SfnException("ResourceNotFound", "Map Run Does Not Exist: '" + mapRunArn + "'");
        }
        return MapRunView.of(run);
    }

    /** ListExecutions with a mapRunArn: the Map Run's child executions that have started, newest first. */
    public List<ExecutionView> listMapRunExecutions(String mapRunArn, ExecutionStatus status) {
        List<ExecutionView> out = new ArrayList<>();
        for (ExecutionView view : describeMapRun(mapRunArn).executions()) {
            if (status == null || view.status() == status) {
                out.add(view);
            }
        }
        out.sort(Comparator.comparingLong(ExecutionView::startDate).reversed());
        return out;
    }

    /** GetExecutionHistory, oldest first. */
    public List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> history = executions.history(executionArn);
        if (history == null) {
            history = childHistory(executionArn);
        }
        return history;
    }

    /**
     * A distributed Map's child execution's history: STANDARD children's, while their Map Run keeps them; EXPRESS
     * children have none (as in AWS).
     */
    private List<HistoryEvent> childHistory(String executionArn) {
        DistributedMaps.Child child = maps.child(executionArn);
        if (child == null) {
            throw doesNotExist(executionArn);
        }
        List<HistoryEvent> history = child.run().history(child.index());
        if (history == null) {
            throw child.run().standardChildren ? new SfnException("ExecutionDoesNotExist", "The history of '"
                    + executionArn + "' is no longer kept (an older Map Run, or a child started before a restart)")
                    : new SfnException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + "express'");
        }
        return history;
    }

    /** StopExecution. */
    public ExecutionView stopExecution(String executionArn, String error, String cause) {
        Execution x = executions.live(executionArn);
        if (x == null) {
            return describeExecution(executionArn);
        }
        interpreter.stop(x, error, cause);
        synchronized (x) {
            return x.view();
        }
    }

    /**
     * RedriveExecution: restarts a FAILED, TIMED_OUT or ABORTED execution (of the last 14 days, and within the
     * retention) from the states that did not succeed; branches and iterations that succeeded keep their results.
     * An archived execution is brought back from the archive first.
     */
    public ExecutionView redriveExecution(String executionArn) {
        while (true) {
            Execution x = executions.live(executionArn);
            if (x == null) {
                checkRedrivable(describeExecution(executionArn));
                x = executions.restore(executionArn);
            }
            synchronized (x) {
                if (x.retired) {
                    continue;
                }
                try {
                    checkRedrivable(x.view());
                } catch (SfnException notRedrivable) {
                    executions.retire(x);
                    throw notRedrivable;
                }
                interpreter.redrive(x);
                return x.view();
            }
        }
    }

    private void checkRedrivable(ExecutionView view) {
        if (!view.redrivable()) {
            throw new SfnException("ExecutionNotRedrivable", "Execution '" + view.executionArn()
                    + "' cannot be redriven: its status is " + view.status());
        }
        if (scheduler.now() - view.stopDate() > REDRIVE_WINDOW_MILLIS) {
            throw new SfnException("ExecutionNotRedrivable", "Execution '" + view.executionArn()
                    + "' stopped more than 14 days ago");
        }
    }

    /** SendTaskSuccess. */
    public void sendTaskSuccess(String token, String output) {
        JsonNode parsed;
        try {
            parsed = JsonValues.parse(output);
        } catch (IllegalArgumentException e) {
            throw new SfnException("InvalidOutput", "Invalid Output: '" + e.getMessage() + "'");
        }
        interpreter.completeToken(checkToken(token), parsed, null, false);
    }

    /** SendTaskFailure. */
    public void sendTaskFailure(String token, String error, String cause) {
        interpreter.completeToken(checkToken(token), null, new StatesError(error == null ? "" : error, cause), false);
    }

    /** SendTaskHeartbeat. */
    public void sendTaskHeartbeat(String token) {
        interpreter.completeToken(checkToken(token), null, null, true);
    }

    private static String checkToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 2048) {
            throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        return token;
    }

    /** Task tokens currently waiting for SendTaskSuccess/Failure (for tests and tools). */
    public Set<String> waitingTaskTokens() {
        return Set.copyOf(interpreter.waitingTokens());
    }

    /** The ExecutionDoesNotExist error: no such execution, or it is past its retention. */
    static SfnException doesNotExist(String arn) {
        return new SfnException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 80 || INVALID_NAME.matcher(name).find()) {
            throw new SfnException("InvalidName", "Invalid Name: '" + name + "'");
        }
    }

    static String revision(String definition) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The region in ARNs. */
    public String region() {
        return region;
    }

    /** The scheduler (tests drive a {@link VirtualScheduler} through it). */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Whether executions survive a restart. */
    public boolean durable() {
        return journal.durable();
    }

    /**
     * What the engine holds in the heap and on disk, and what its start read.
     *
     * @param executionsInMemory executions in the heap (running ones, and closed ones not yet archived)
     * @param recentViewsInMemory views of recently closed executions cached in the heap (bounded)
     * @param archivedExecutions closed executions in the archive
     * @param journalSegmentBytes bytes of the journal's current segment
     * @param compactions journal compactions since start (the one at start included)
     * @param replayedRecords journal records read at start
     * @param replayedBytes journal bytes read at start
     * @param resumedAtStart running executions resumed at start
     * @param archivedAtStart executions found closed in the journal at start and archived
     */
    public record Footprint(int executionsInMemory, int recentViewsInMemory, int archivedExecutions,
                            long journalSegmentBytes, long compactions, long replayedRecords, long replayedBytes,
                            int resumedAtStart, int archivedAtStart) {
    }

    /** What the engine holds now and what its start read. */
    public Footprint footprint() {
        return new Footprint(executions.inMemory(), executions.recentViews(), executions.archived(),
                executions.journalBytes(), executions.compactions(), recovered.replayed().records(),
                recovered.replayed().bytes(), recovered.resumed(), recovered.archived());
    }

    /** Stops the engine; its journal is compacted last, so the next start reads only what still runs. */
    @Override
    public void close() {
        interpreter.shutdown();
        executions.close();
        journal.close();
        scheduler.close();
    }
}
