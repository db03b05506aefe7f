package com.creatorflow.bench;

import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.stack.ProjectPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local Step Functions engine on a 10-state workflow with trivial Lambda tasks (Pass, Task, Choice, Pass, Task,
 * Task, Pass with Parameters, Task, Pass, Succeed), thousands of executions in flight at once: executions/s, state
 * transitions/s and the engine's cost per transition, with the history journaled to disk (durable) and kept in memory
 * only, against the npm interpreter aws-local-stepfunctions on the same workflow in the same run.
 */
public final class StepFunctionsBenchmark implements Benchmark {
    static final String WORKFLOW = """
            {"Comment":"10-state benchmark workflow","StartAt":"Validate","States":{
              "Validate":{"Type":"Pass","Parameters":{"orderId.$":"$.orderId","total.$":"$.total","items.$":"$.items"},
                "Next":"Reserve"},
              "Reserve":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:Reserve",
                "ResultPath":"$.reservation","Next":"CheckTotal"},
              "CheckTotal":{"Type":"Choice","Choices":[{"Variable":"$.total","NumericGreaterThan":1000,"Next":"Review"}],
                "Default":"Price"},
              "Review":{"Type":"Pass","Result":{"manual":false},"ResultPath":"$.review","Next":"Price"},
              "Price":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:Price",
                "ResultPath":"$.price","Next":"Label"},
              "Label":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:Label",
                "ResultPath":"$.label","Next":"Shape"},
              "Shape":{"Type":"Pass","Parameters":{"orderId.$":"$.orderId","total.$":"$.total","label.$":"$.label.orderId"},
                "Next":"Notify"},
              "Notify":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:Notify",
                "ResultPath":null,"Next":"Record"},
              "Record":{"Type":"Pass","Result":"done","ResultPath":"$.status","Next":"Done"},
              "Done":{"Type":"Succeed"}}}
            """;
    static final String INPUT = "{\"orderId\":\"o-1\",\"total\":1200,\"items\":[1,2,3]}";
    static final int STATES_PER_EXECUTION = 10;
    static final int EXECUTIONS = 10_000;
    static final int NODE_CONCURRENCY = 1_000;
    static final String NPM_PACKAGE = "aws-local-stepfunctions@3.0.0";

    @Override
    public String name() {
        return "stepfunctions";
    }

    @Override
    public String description() {
        return "local Step Functions engine: executions/s and state transitions/s on a 10-state workflow "
                + "(durable and in memory) vs the npm interpreter aws-local-stepfunctions";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-sfn");
        report.note(EXECUTIONS + " executions started at once per round, " + STATES_PER_EXECUTION
                + " state transitions each, 4 trivial Lambda tasks answered in-process; after a warm-up round");
        Round durable = measure(() -> dir.resolve("engine-" + System.nanoTime()));
        print(report, "durable", durable);
        Round memory = measure(() -> null);
        print(report, "in_memory", memory);

        Double node = runNode(report);
        if (node != null) {
            double nodeTransitions = EXECUTIONS * STATES_PER_EXECUTION / node;
            report.figure("aws_local_stepfunctions_executions_per_s", EXECUTIONS / node, "executions/s");
            report.figure("aws_local_stepfunctions_transitions_per_s", nodeTransitions, "transitions/s");
            report.figure("ratio_in_memory_to_aws_local_stepfunctions", memory.transitionsPerSecond() / nodeTransitions,
                    "x");
            report.figure("ratio_durable_to_aws_local_stepfunctions", durable.transitionsPerSecond() / nodeTransitions,
                    "x");
        }
        report.note("targets: durable >= 5000 transitions/s; in memory at least as fast as aws-local-stepfunctions. "
                + "The machine is shared, so figures are noisy between runs.");
    }

    private record Round(double seconds, double cpuSeconds, long failed) {
        double transitionsPerSecond() {
            return EXECUTIONS * STATES_PER_EXECUTION / seconds;
        }
    }

    /** A fresh data folder per round, or null for an engine in memory. */
    private interface DataFolders {
        Path create() throws IOException;
    }

    private static Round measure(DataFolders folders) throws Exception {
        runRound(folders.create(), EXECUTIONS / 2);
        System.gc();
        return runRound(folders.create(), EXECUTIONS);
    }

    private static Round runRound(Path dataDirectory, int executions) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder()
                .scheduler(new PoolScheduler(threads, 1.0))
                .dataDirectory(dataDirectory)
                .lambda((function, payload) -> CompletableFuture.completedFuture(payload))
                .build()) {
            String machine = engine.createStateMachine("Bench", WORKFLOW, null, null).arn();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<String> arns = new ArrayList<>(executions);
            for (int i = 0; i < executions; i++) {
                arns.add(engine.startExecution(machine, "e-" + i, INPUT).executionArn());
            }
            long failed = 0;
            for (String arn : arns) {
                if (engine.awaitCompletion(arn, Duration.ofMinutes(5)).status() != ExecutionStatus.SUCCEEDED) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            return new Round(seconds, cpu, failed);
        }
    }

    private static void print(BenchReport report, String mode, Round round) {
        long transitions = (long) EXECUTIONS * STATES_PER_EXECUTION;
        report.figure(mode + "_executions_per_s", EXECUTIONS / round.seconds(), "executions/s");
        report.figure(mode + "_transitions_per_s", round.transitionsPerSecond(), "transitions/s");
        report.figure(mode + "_wall_per_transition", round.seconds() * 1e6 / transitions, "us");
        report.figure(mode + "_cpu_per_transition", round.cpuSeconds() * 1e6 / transitions, "us");
        report.figure(mode + "_failed_executions", round.failed(), "count");
    }

    /** Installs aws-local-stepfunctions under .local/tools and runs the same workflow; null when it cannot run. */
    private static Double runNode(BenchReport report) throws Exception {
        Path prefix = ProjectPaths.toolsDir().resolve("aws-local-stepfunctions");
        Files.createDirectories(prefix);
        if (!Files.isDirectory(prefix.resolve("node_modules").resolve("aws-local-stepfunctions"))) {
            int exit = exec(List.of("npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error",
                    "--prefix", prefix.toString(), NPM_PACKAGE), prefix.resolve("npm-install.log"), prefix, 10);
            if (exit != 0) {
                report.note("npm install " + NPM_PACKAGE + " failed (see " + prefix.resolve("npm-install.log")
                        + "); no comparison");
                return null;
            }
        }
        Path script = prefix.resolve("run-aws-local-stepfunctions.mjs");
        try (InputStream in = StepFunctionsBenchmark.class.getResourceAsStream("/sfn-bench/run-aws-local-stepfunctions.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        ObjectMapper mapper = new ObjectMapper();
        String definition = mapper.writeValueAsString(mapper.readTree(WORKFLOW));
        Path output = prefix.resolve("bench-output.json");
        int exit = exec(List.of("node", script.toString(), definition, INPUT, String.valueOf(EXECUTIONS),
                String.valueOf(NODE_CONCURRENCY)), output, prefix, 10);
        String text = Files.readString(output, StandardCharsets.UTF_8).trim();
        if (exit != 0) {
            report.note("aws-local-stepfunctions did not run (exit " + exit + "): " + text);
            return null;
        }
        JsonNode result = mapper.readTree(text.substring(text.lastIndexOf('{')));
        report.note("aws-local-stepfunctions " + NPM_PACKAGE.substring(NPM_PACKAGE.indexOf('@') + 1) + " on Node.js "
                + nodeVersion(prefix) + ", " + NODE_CONCURRENCY + " executions in flight, same workflow and input");
        return result.get("seconds").asDouble();
    }

    private static String nodeVersion(Path dir) throws Exception {
        Path out = dir.resolve("node-version.txt");
        exec(List.of("node", "--version"), out, dir, 1);
        return Files.readString(out).trim();
    }

    private static int exec(List<String> command, Path output, Path dir, int minutes) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
