package com.creatorflow.bench;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.creatorflow.local.runtime.LocalRuntime;
import com.creatorflow.local.runtime.RuntimeOptions;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Cold start per Lambda function of template.yaml: a fresh JVM on the function's shaded jar
 * ({@code functions/<module>/target/<module>-lambda.jar}, built by {@code mvn -DskipTests package}) runs
 * {@link ColdStartHarness}, which builds the handler with its no-argument constructor against the endpoints of a local
 * runtime started here and handles the function's sample event from {@code events/}. Per function, the median of a few
 * runs of: JVM start to {@code main}, handler construction, the first event, and their sum (the cold start), with
 * the function's template environment (its {@code JAVA_TOOL_OPTIONS} included) and the serial GC of Lambda's Java
 * runtimes (the runs of each kind interleaved, so that a busy moment of the machine weighs on all alike); then "prime, then the first event": the SnapStart priming hook (CRaC {@code beforeCheckpoint}) runs after
 * construction and the first event after it. That is a stand-in: a real SnapStart restore (a snapshot of the primed
 * JVM) cannot be measured outside Lambda. With {@code --jdk17-root DIR} (the project
 * at the commit before the Java 25 switch, built with JDK 17) the same harness runs on JDK 17 ({@code --jdk17 HOME})
 * against those jars, for a before/after table.
 */
public final class ColdStartBenchmark implements Benchmark {
    private static final int RUNS = Integer.getInteger("coldstart.runs", 3);
    private static final String JDK17 = System.getProperty("coldstart.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String JDK17_ROOT = System.getProperty("coldstart.jdk17-root");
    private static final String ONLY = System.getProperty("coldstart.functions", "");
    /** Serial GC, the Lambda Java runtimes' default; the template's JAVA_TOOL_OPTIONS come with the environment. */
    private static final List<String> LAMBDA_FLAGS = List.of("-XX:+UseSerialGC");
    private static final Pattern LINE = Pattern.compile("COLDSTART jvm_to_main=(\\S+) construct=(\\S+) prime=(\\S+) "
            + "first=(\\S+) second=(\\S+) outcome=(\\S+)");
    /** The sample event each function handles (from events/). */
    private static final Map<String, String> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put("CreatorApiFunction", "creator-api/get-order.json");
        EVENTS.put("ValidateOrderFunction", "order-validation/validate-order.json");
        EVENTS.put("RequestReviewFunction", "manual-review/request-review.json");
        EVENTS.put("ReviewApiFunction", "manual-review/list-reviews.json");
        EVENTS.put("NotifyFunction", "notifications/notify.json");
        EVENTS.put("NotificationEventsFunction", "notifications/inventory-low.json");
        EVENTS.put("NotificationApiFunction", "notifications/list-notifications.json");
        EVENTS.put("CancelOrderFunction", "order-actions/cancel-order.json");
        EVENTS.put("ReturnStepFunction", "order-actions/return-step.json");
        EVENTS.put("AwaitSignalFunction", "order-actions/await-signal.json");
        EVENTS.put("ResumeOrderFunction", "order-actions/resume-order.json");
        EVENTS.put("BulkJobWorkerFunction", "order-actions/bulk-job-plan.json");
        EVENTS.put("StuckOrderSweepFunction", "order-actions/stuck-order-sweep-schedule.json");
        EVENTS.put("AnalyticsEventsFunction", "analytics/counted-order-events.json");
        EVENTS.put("AnalyticsApiFunction", "analytics/get-analytics.json");
        EVENTS.put("ChooseCarrierFunction", "choose-carrier/reserved-order.json");
        EVENTS.put("CreateLabelFunction", "create-label/partial-shipment.json");
        EVENTS.put("VoidLabelFunction", "void-label/cancelled-order.json");
        EVENTS.put("CarrierTrackingFunction", "carrier-tracking/easypost-webhook.json");
        EVENTS.put("LabelApiFunction", "label-api/get-label.json");
        EVENTS.put("ApplyRulesFunction", "rules/apply-rules.json");
        EVENTS.put("UnpaidOrderSweepFunction", "rules/unpaid-order-sweep-schedule.json");
        EVENTS.put("RulesApiFunction", "rules-api/get-rules.json");
        EVENTS.put("OrderEventsFunction", "order-events/audit-stream.json");
        EVENTS.put("LiveFeedFunction", "order-events/live-feed-order-change.json");
        EVENTS.put("InventoryReserveFunction", "inventory/reserve.json");
        EVENTS.put("InventoryReleaseFunction", "inventory/release.json");
        EVENTS.put("InventoryCommitFunction", "inventory/commit.json");
        EVENTS.put("InventoryRestockFunction", "inventory/restock.json");
        EVENTS.put("InventoryAwaitStockFunction", "inventory/await-stock.json");
        EVENTS.put("InventoryReconcileFunction", "inventory/reconcile.json");
        EVENTS.put("InventoryApiFunction", "inventory-api/get-stock.json");
        EVENTS.put("WebhookIntakeFunction", "webhook-intake/order-status-change.json");
        EVENTS.put("TikTokSyncFunction", "tiktok-sync/order-sync-batch.json");
        EVENTS.put("PushShipmentFunction", "tiktok-sync/push-shipment.json");
        EVENTS.put("ArrangeTikTokShipmentFunction", "tiktok-sync/arrange-tiktok-shipment.json");
        EVENTS.put("StockPushFunction", "tiktok-sync/inventory-stream.json");
        EVENTS.put("StockReconcileFunction", "tiktok-sync/stock-reconcile-schedule.json");
        EVENTS.put("CancelOnTikTokFunction", "tiktok-sync/cancel-on-tiktok.json");
        EVENTS.put("ReconciliationFunction", "tiktok-sync/reconciliation-schedule.json");
        EVENTS.put("TeamApiFunction", "team-api/list-team.json");
        EVENTS.put("ShopsApiFunction", "tiktok-sync/list-shops.json");
        EVENTS.put("AfterSalesApiFunction", "tiktok-sync/list-returns.json");
        EVENTS.put("ShopCallbackFunction", "tiktok-sync/shop-callback.json");
        EVENTS.put("ShopTokenRefreshFunction", "tiktok-sync/token-refresh-schedule.json");
        EVENTS.put("ShippingSettingsApiFunction", "shipping-api/get-readiness.json");
    }

    @Override
    public String name() {
        return "coldstart";
    }

    @Override
    public String description() {
        return "fresh JVM to first handled event per Lambda function (its shaded jar, Java 25; primed as a SnapStart "
                + "stand-in; JDK 17 before/after with --jdk17-root)";
    }

    /**
     * One measurement: milliseconds from JVM start to main, to build the handler, to run the priming hooks, to handle
     * the first and the second event, and the first event's outcome.
     */
    private record Timing(double jvmToMain, double construct, double prime, double first, double second,
                          String outcome) {
        double coldStart() {
            return jvmToMain + construct + prime + first;
        }
    }

    /** One function of the template. */
    record LambdaFunction(String name, String handler, Path jar, Path event) {
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path root = ProjectPaths.root();
        Path harness = compileHarness(root);
        String serialization = Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        List<LambdaFunction> functions = functions(root);
        List<String> missing = functions.stream().filter(f -> !Files.isRegularFile(f.jar())).map(f -> f.jar()
                .toString()).distinct().toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("build the Lambda jars first (mvn -DskipTests package); missing: "
                    + missing);
        }
        Path java25 = Path.of(System.getProperty("java.home"), "bin", "java");
        Path java17 = Path.of(JDK17, "bin", "java");
        Set<String> only = ONLY.isBlank() ? Set.of() : Set.of(ONLY.split(","));
        report.note(String.format(Locale.ROOT, "median of %d runs each; Java %s with %s and the template's "
                + "environment (JAVA_TOOL_OPTIONS included); local endpoints of an in-memory runtime with simulators",
                RUNS, System.getProperty("java.version"), LAMBDA_FLAGS));
        report.note(String.format(Locale.ROOT, "  %-28s %6s %8s %8s %8s %8s %9s %9s %9s  %s", "function", "jar MB",
                "main ms", "ctor ms", "1st ms", "cold ms", "primed 1st", "2nd ms", "jdk17 cold", "outcome"));
        Map<Path, List<Double>> byJar = new LinkedHashMap<>();
        List<Double> colds = new ArrayList<>();
        List<Double> primedFirsts = new ArrayList<>();
        List<Double> plainFirsts = new ArrayList<>();
        List<Double> colds17 = new ArrayList<>();
        try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, null, true))) {
            for (LambdaFunction function : functions) {
                if (!only.isEmpty() && !only.contains(function.name())) {
                    continue;
                }
                Map<String, String> env = new LinkedHashMap<>(runtime.functions().get(function.name()).env()
                        .variables());
                String classPath = function.jar() + ":" + serialization + ":" + harness;
                Path jar17 = JDK17_ROOT == null ? null : Path.of(JDK17_ROOT).resolve(root.relativize(function.jar()));
                String classPath17 = jar17 != null && Files.isRegularFile(jar17)
                        ? jar17 + ":" + serialization + ":" + harness : null;
                List<Timing> plains = new ArrayList<>();
                List<Timing> primes = new ArrayList<>();
                List<Timing> olds = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    plains.add(once(java25, LAMBDA_FLAGS, classPath, function, "plain", env));
                    primes.add(once(java25, LAMBDA_FLAGS, classPath, function, "prime", env));
                    if (classPath17 != null) {
                        olds.add(once(java17, LAMBDA_FLAGS, classPath17, function, "plain", env));
                    }
                }
                Timing plain = medianRun(plains);
                Timing primed = medianRun(primes);
                Timing old = olds.isEmpty() ? null : medianRun(olds);
                if (old != null) {
                    colds17.add(old.coldStart());
                }
                double megabytes = Files.size(function.jar()) / 1_048_576.0;
                report.note(String.format(Locale.ROOT, "  %-28s %6.1f %8.0f %8.0f %8.0f %8.0f %9.0f %9.0f %9s  %s",
                        function.name(), megabytes, plain.jvmToMain(), plain.construct(), plain.first(),
                        plain.coldStart(), primed.first(), plain.second(),
                        old == null ? "-" : String.format(Locale.ROOT, "%.0f", old.coldStart()), plain.outcome()));
                report.figure(function.name() + "_cold_start", plain.coldStart(), "ms");
                byJar.computeIfAbsent(function.jar(), j -> new ArrayList<>()).add(plain.coldStart());
                colds.add(plain.coldStart());
                plainFirsts.add(plain.first());
                primedFirsts.add(primed.first());
            }
        }
        report.note("by jar (size, functions, median cold start):");
        byJar.forEach((jar, values) -> {
            try {
                report.note(String.format(Locale.ROOT, "  %-52s %6.1f MB %2d functions %6.0f ms",
                        root.relativize(jar), Files.size(jar) / 1_048_576.0, values.size(), median(values)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        report.figure("median_cold_start", median(colds), "ms");
        report.figure("max_cold_start", colds.stream().mapToDouble(Double::doubleValue).max().orElse(0), "ms");
        report.figure("median_first_event", median(plainFirsts), "ms");
        report.figure("median_first_event_after_priming", median(primedFirsts), "ms");
        if (!colds17.isEmpty()) {
            report.figure("median_cold_start_jdk17", median(colds17), "ms");
        }
        report.note("primed = the SnapStart hooks ran after construction (outside the timing of the first event); "
                + "a real SnapStart restore cannot be measured here: its restore time replaces JVM start and "
                + "construction, which this stand-in still pays");
    }

    /** The template's functions with their handler class, jar and sample event. */
    static List<LambdaFunction> functions(Path root) {
        CfnTemplate template = CfnTemplate.project();
        List<LambdaFunction> functions = new ArrayList<>();
        for (String name : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(name);
            String handler = String.valueOf(properties.get("Handler"));
            String event = EVENTS.get(name);
            if (event == null) {
                throw new IllegalStateException(name + " has no sample event in ColdStartBenchmark.EVENTS");
            }
            functions.add(new LambdaFunction(name, handler.contains("::") ? handler.substring(0, handler.indexOf("::"))
                    : handler, root.resolve(String.valueOf(properties.get("CodeUri"))),
                    root.resolve("events").resolve(event)));
        }
        return functions;
    }

    /** Compiles the harness from its source for Java 17, so that one class file runs on both JDKs. */
    private static Path compileHarness(Path root) throws IOException {
        Path source = root.resolve("bench/src/main/java/com/creatorflow/bench/ColdStartHarness.java");
        Path out = Files.createTempDirectory("coldstart-harness");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "--release", "17", "-d", out.toString(), source.toString());
        if (status != 0) {
            throw new IllegalStateException("cannot compile " + source);
        }
        return out;
    }

    /** The run with the median cold start. */
    private static Timing medianRun(List<Timing> runs) {
        List<Timing> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.coldStart(), b.coldStart()));
        return sorted.get(sorted.size() / 2);
    }

    private static Timing once(Path java, List<String> flags, String classPath, LambdaFunction function, String mode,
                               Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath, ColdStartHarness.class.getName(), function.handler(),
                function.event().toString(), mode));
        Path log = Files.createTempFile("coldstart-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        Process process = builder.start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        byte[] output = Files.readAllBytes(log);
        Files.delete(log);
        if (!finished) {
            throw new IllegalStateException(function.name() + " did not finish within 2 minutes: " + tail(output));
        }
        Matcher line = LINE.matcher(new String(output, StandardCharsets.UTF_8));
        if (!line.find()) {
            throw new IllegalStateException(function.name() + " printed no timing (exit " + process.exitValue()
                    + "): " + tail(output));
        }
        return new Timing(Double.parseDouble(line.group(1)), Double.parseDouble(line.group(2)),
                Double.parseDouble(line.group(3)), Double.parseDouble(line.group(4)),
                Double.parseDouble(line.group(5)), line.group(6));
    }

    private static String tail(byte[] output) {
        String text = new String(output, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 800));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
