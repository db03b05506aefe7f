package com.creatorflow.bench;

import com.creatorflow.local.runtime.LocalFunction;
import com.creatorflow.local.runtime.LocalRuntime;
import com.creatorflow.local.runtime.RuntimeOptions;
import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.HistoryEvent;
import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.simulators.carriers.DirectCarrierSimulator;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * One order's whole fulfilment, end to end on the local runtime with a durable Dynoxide: the TikTok Shop simulator
 * sends the signed webhook of a paid order (after its hold), the intake acknowledges it, the sync worker fetches the
 * order from TikTok, moves it to READY and starts the fulfilment workflow, whose steps validate it, apply the
 * creator's rules, reserve stock, choose a carrier, buy the label, push the shipment to TikTok (which answers with
 * its own webhook), commit the stock and notify; the audit stream publishes every change on the local EventBridge,
 * whose rules feed analytics and notifications. Two measured phases: an open-loop rate (latency from the webhook to
 * the label and to TikTok knowing the shipment) and a saturation burst (complete workflows/s, compared with the raw
 * conditional PutItem rate of the same Dynoxide in the same run). Prints what each order costs in state
 * transitions, Lambda invocations, DynamoDB writes and reads, events and requests, and the AWS bill per 1,000 orders
 * at list prices.
 */
public final class FulfilmentBenchmark implements Benchmark {
    private static final double RATE = Double.parseDouble(System.getProperty("fulfilment.rate", "20"));
    private static final int ORDERS = Integer.getInteger("fulfilment.orders", 600);
    private static final int WARMUP = Integer.getInteger("fulfilment.warmup", 100);
    private static final int SHOPS = Integer.getInteger("fulfilment.shops", 8);
    /** A carrier (ups, usps or fedex) every creator ships with, on its own API through the direct-carrier simulator. */
    private static final String DIRECT = System.getProperty("fulfilment.direct", "");
    private static final Duration PATIENCE = Duration.ofMinutes(15);
    /**
     * How often the driver looks up the executions still running. Their stop times come from the executions
     * themselves, so this only sets how soon a phase's end is noticed; each look-up costs this JVM's CPU, which the
     * per-order figure counts.
     */
    private static final long STATUS_POLL_MILLIS = 500;
    private static final String APP_KEY = "bench-fulfilment";
    private static final String APP_SECRET = "bench-secret-" + UUID.randomUUID();
    private static final List<Map<String, Integer>> BASKETS = List.of(
            Map.of("TEE-BLK-M", 1, "STICKER-01", 1),
            Map.of("GLOSS-CHERRY", 2),
            Map.of("TEE-WHT-L", 1),
            Map.of("STICKER-01", 3, "GLOSS-NUDE", 1));
    // us-east-1 list prices (USD) used for the cost per 1,000 orders; they change, check the AWS pricing pages.
    private static final double SFN_PER_TRANSITION = 0.025 / 1_000;
    private static final double SFN_EXPRESS_PER_REQUEST = 1.00 / 1_000_000;
    private static final double SFN_EXPRESS_PER_GB_SECOND = 0.00001667;
    private static final double SFN_EXPRESS_GB = 64.0 / 1024;
    private static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    private static final double LAMBDA_PER_GB_SECOND_ARM = 0.0000133334;
    private static final double LAMBDA_GB = 1.0;
    private static final double DYNAMO_PER_WRU = 0.625 / 1_000_000;
    /** The queues an order's work passes through; quiet means all are empty. */
    private static final List<String> WORK_QUEUES = List.of("OrderSyncQueue", "AnalyticsEventsQueue",
            "OrderEventsFeedQueue");
    private static final double DYNAMO_PER_RRU = 0.125 / 1_000_000;
    private static final double EVENTBRIDGE_PER_EVENT = 1.00 / 1_000_000;
    private static final double SQS_PER_REQUEST = 0.40 / 1_000_000;
    private static final double HTTP_API_PER_REQUEST = 1.00 / 1_000_000;

    @Override
    public String name() {
        return "fulfilment";
    }

    @Override
    public String description() {
        return "signed webhook to label pushed to TikTok: complete workflows/s vs raw conditional PutItem/s, "
                + "webhook-to-label p50/p95, per-order transitions, invocations, writes and AWS cost (durable Dynoxide)";
    }

    /** One benchmark order: its shop's tenant, TikTok's id and when its paid webhook was sent. */
    private static final class BenchOrder {
        final String tenant;
        final String orderId;
        long sentMillis;
        ExecutionView execution;

        BenchOrder(String tenant, String orderId) {
            this.tenant = tenant;
            this.orderId = orderId;
        }
    }

    /** What the runtime's functions did during a phase. */
    private record FunctionUse(long invocations, Duration busy) {
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-fulfilment");
        try (TikTokShopSimulator tiktok = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
             EasyPostSimulator carriers = EasyPostSimulator.start()) {
            carriers.latency(Duration.ofMillis(20), Duration.ofMillis(120));
            Map<String, String> overrides = new LinkedHashMap<>(carriers.functionVariables());
            overrides.putAll(Map.of("TIKTOK_APP_KEY", APP_KEY, "TIKTOK_APP_SECRET", APP_SECRET,
                    "TIKTOK_API_URL", tiktok.baseUrl().toString(), "TIKTOK_AUTH_URL", tiktok.baseUrl().toString()));
            try (DirectCarrierSimulator direct = DIRECT.isBlank() ? null : DirectCarrierSimulator.start()) {
                if (direct != null) {
                    Carrier carrier = Carrier.ofCode(DIRECT);
                    direct.faults(carrier).latency(Duration.ofMillis(20), Duration.ofMillis(120));
                    overrides.putAll(direct.functionVariables(carrier, null));
                    ObjectNode credentials = (ObjectNode) Json.tree(overrides.get("CARRIER_CREDENTIALS"));
                    credentials.set(carrier.code(), Json.toTree(direct.account(carrier)));
                    overrides.put("CARRIER_CREDENTIALS", Json.write(credentials));
                }
                try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, dir, false), overrides)) {
                    tiktok.webhooks().target(runtime.baseUrl().resolve("/webhooks/tiktok"));
                    run(report, runtime, tiktok);
                }
                if (direct != null) {
                    Carrier carrier = Carrier.ofCode(DIRECT);
                    report.figure("direct_carrier_requests", direct.calls(carrier), DIRECT + " API requests");
                    report.figure("direct_carrier_labels", direct.labelPurchases().size(), DIRECT + " labels");
                }
            }
        }
    }

    private void run(BenchReport report, LocalRuntime runtime, TikTokShopSimulator tiktok) throws Exception {
        Env env = runtime.functions().get("TikTokSyncFunction").env();
        LoadRunner.Result raw = DurableDynamo.rawConditionalPuts(report, env.aws().dynamo(),
                runtime.tables().get("IdempotencyTable"), 16, 2, 6);
        String machine = env.require("FULFILMENT_STATE_MACHINE_ARN");
        String executionPrefix = machine.replace(":stateMachine:", ":execution:") + ":order-";

        List<String> tenants = new ArrayList<>();
        List<String> shopIds = new ArrayList<>();
        for (int s = 0; s < SHOPS; s++) {
            String tenant = "bench-creator-" + s + "-" + UUID.randomUUID().toString().substring(0, 8);
            SimShop shop = tiktok.addShop("bench shop " + s);
            Creators.setUp(name -> runtime.functions().get(name).env(), tenant, shop, 1_000_000,
                    DIRECT.isBlank() ? List.of() : List.of(DIRECT));
            tenants.add(tenant);
            shopIds.add(shop.id());
        }

        Map<String, AwsUsage.Usage> beforeHold = AwsUsage.snapshot();
        Map<String, FunctionUse> functionsBeforeHold = functionUse(runtime);
        List<BenchOrder> all = new ArrayList<>();
        for (int i = 0; i < WARMUP + 2 * ORDERS; i++) {
            int s = i % SHOPS;
            String orderId = tiktok.createOrder(shopIds.get(s), "58" + String.format(Locale.ROOT, "%014d",
                    System.nanoTime() % 100_000_000_000_000L + i), BASKETS.get(i % BASKETS.size()));
            all.add(new BenchOrder(tenants.get(s), orderId));
        }
        awaitQuiet(runtime, env);
        for (BenchOrder order : all) {
            tiktok.setStatus(order.orderId, TikTokOrderStatus.ON_HOLD);
        }
        awaitQuiet(runtime, env);
        Map<String, AwsUsage.Usage> beforePayment = AwsUsage.between(beforeHold, AwsUsage.snapshot());
        Map<String, FunctionUse> functionsBeforePayment = minus(functionUse(runtime), functionsBeforeHold);

        StepFunctionsEngine engine = runtime.stepFunctions();
        OrderRepository orders = OrderRepository.fromEnv(env);
        runPhase(runtime, env, tiktok, engine, executionPrefix, all.subList(0, WARMUP), RATE);

        Phase open = runPhase(runtime, env, tiktok, engine, executionPrefix, all.subList(WARMUP, WARMUP + ORDERS),
                RATE);
        Phase burst = runPhase(runtime, env, tiktok, engine, executionPrefix,
                all.subList(WARMUP + ORDERS, all.size()), 0);

        Outcome openOutcome = outcome(open, orders, engine);
        Outcome burstOutcome = outcome(burst, orders, engine);
        int n = ORDERS;
        report.figure("orders_per_phase", n, "orders");
        report.figure("open_loop_rate", RATE, "orders/s");
        report.figure("open_loop_completed", openOutcome.completed, "orders");
        report.figure("open_loop_workflows_per_s", openOutcome.perSecond(), "workflows/s");
        report.figure("open_loop_webhook_to_ready_p50", BenchReport.percentileMillis(openOutcome.toReady, 50), "ms");
        report.figure("open_loop_webhook_to_label_p50", BenchReport.percentileMillis(openOutcome.toLabel, 50), "ms");
        report.figure("open_loop_webhook_to_label_p95", BenchReport.percentileMillis(openOutcome.toLabel, 95), "ms");
        report.figure("open_loop_webhook_to_shipped_p50", BenchReport.percentileMillis(openOutcome.toShipped, 50),
                "ms");
        report.figure("open_loop_webhook_to_shipped_p95", BenchReport.percentileMillis(openOutcome.toShipped, 95),
                "ms");
        report.figure("saturation_completed", burstOutcome.completed, "orders");
        report.figure("saturation_workflows_per_s", burstOutcome.perSecond(), "workflows/s");
        report.figure("saturation_webhook_to_label_p50", BenchReport.percentileMillis(burstOutcome.toLabel, 50),
                "ms");
        report.figure("saturation_webhook_to_label_p95", BenchReport.percentileMillis(burstOutcome.toLabel, 95),
                "ms");
        report.figure("ratio_workflows_to_raw_put", burstOutcome.perSecond() / raw.perSecond(), "x");
        report.figure("raw_puts_per_workflow", raw.perSecond() / burstOutcome.perSecond(), "x");
        report.figure("gap_to_reference_150_per_s", 150 / burstOutcome.perSecond(), "x");
        report.figure("not_completed", 2 * n - openOutcome.completed - burstOutcome.completed, "orders");

        Phase counted = burst;
        double jvmPerOrder = counted.jvmCpu.toNanos() / 1e9 / n;
        double dynoxidePerOrder = counted.dynoxideCpu.toNanos() / 1e9 / n;
        report.figure("cpu_ms_per_order_jvm", jvmPerOrder * 1000, "ms");
        report.figure("cpu_ms_per_order_dynoxide", dynoxidePerOrder * 1000, "ms");
        report.figure("cpu_bound_ceiling", Runtime.getRuntime().availableProcessors()
                / (jvmPerOrder + dynoxidePerOrder), "workflows/s");
        AwsUsage.Usage usage = AwsUsage.total(counted.usage);
        report.figure("state_transitions_per_order", burstOutcome.transitions, "Standard transitions");
        report.figure("express_executions_per_order", burstOutcome.expressExecutions, "Express requests");
        report.figure("express_states_per_order", burstOutcome.expressTransitions, "states (not billed)");
        report.figure("express_billed_seconds_per_order", openOutcome.expressBilledSeconds,
                "s (open-loop phase)");
        long invocations = counted.functions.values().stream().mapToLong(FunctionUse::invocations).sum();
        report.figure("lambda_invocations_per_order", (double) invocations / n, "invocations");
        report.figure("dynamodb_write_requests_per_order", (double) usage.writeRequests() / n, "writes");
        report.figure("dynamodb_items_written_per_order", (double) usage.itemsWritten() / n, "items");
        report.figure("dynamodb_wru_per_order", usage.writeUnits() / n, "WRU");
        report.figure("dynamodb_read_requests_per_order", (double) usage.readRequests() / n, "reads");
        report.figure("dynamodb_rru_per_order", usage.readUnits() / n, "RRU");
        report.figure("eventbridge_events_per_order", (double) usage.events() / n, "events");
        report.figure("sqs_requests_per_order", (double) usage.sqsRequests() / n, "requests");
        long webhooks = counted.functions.getOrDefault("WebhookIntakeFunction", new FunctionUse(0, Duration.ZERO))
                .invocations();
        report.figure("webhooks_per_order", (double) webhooks / n, "webhooks");
        AwsUsage.Usage before = AwsUsage.total(beforePayment);
        report.figure("before_payment_dynamodb_write_requests_per_order",
                (double) before.writeRequests() / all.size(), "writes");

        printUsage(report, "paid webhook to shipped, per order (saturation phase)", counted.usage, n);
        printFunctions(report, "paid webhook to shipped (saturation phase)", counted.functions, n);
        printFunctions(report, "paid webhook to shipped (open-loop phase, handler times less contended)",
                open.functions, n);
        printUsage(report, "the order's two earlier webhooks (UNPAID, ON_HOLD), per order", beforePayment,
                all.size());
        printFunctions(report, "the order's two earlier webhooks", functionsBeforePayment, all.size());
        cost(report, burstOutcome, openOutcome.expressBilledSeconds, open.functions, counted.functions, usage, n, webhooks,
                before, functionsBeforePayment, all.size());
        report.note(String.format(Locale.ROOT, "%d shops (one creator each, stock, shipping rules, two rules); "
                + "orders of 1-4 units in one package, below the high-value threshold; carrier simulator latency "
                + "20-120 ms per call; %d warm-up orders at %.0f/s, then %d orders open loop at %.0f/s, then %d "
                + "orders sent at once (saturation); latency from the paid webhook's send to the LABELED and SHIPPED "
                + "audit entries; throughput = orders SUCCEEDED and SHIPPED / (last execution stop - first send)",
                SHOPS, WARMUP, RATE, ORDERS, RATE, ORDERS));
    }

    /**
     * What a phase did.
     *
     * @param orders its orders, with send times and final executions
     * @param usage AWS usage by caller from the first send until everything settled
     * @param functions invocations and handler time by function over the same span
     * @param jvmCpu CPU time of this JVM (runtime, simulators, benchmark driver) over the same span
     * @param dynoxideCpu CPU time of the Dynoxide process over the same span
     */
    private record Phase(List<BenchOrder> orders, Map<String, AwsUsage.Usage> usage,
                         Map<String, FunctionUse> functions, Duration jvmCpu, Duration dynoxideCpu) {
    }

    /** Sends the paid webhooks (at a rate, or all at once for 0), waits for every workflow and for quiet. */
    private static Phase runPhase(LocalRuntime runtime, Env env, TikTokShopSimulator tiktok,
                                  StepFunctionsEngine engine, String executionPrefix, List<BenchOrder> orders,
                                  double rate) throws InterruptedException {
        Map<String, AwsUsage.Usage> usageBefore = AwsUsage.snapshot();
        Map<String, FunctionUse> functionsBefore = functionUse(runtime);
        Duration jvmBefore = CpuMeter.jvm();
        Duration dynoxideBefore = CpuMeter.dynoxide();
        long start = System.nanoTime();
        for (int k = 0; k < orders.size(); k++) {
            if (rate > 0) {
                long wait = start + (long) (k * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            BenchOrder order = orders.get(k);
            order.sentMillis = System.currentTimeMillis();
            tiktok.setStatus(order.orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<BenchOrder> waiting = new ArrayList<>(orders);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            waiting.removeIf(order -> {
                try {
                    ExecutionView view = engine.describeExecution(executionPrefix + order.orderId);
                    if (view.status().closed()) {
                        order.execution = view;
                        return true;
                    }
                } catch (SfnException notStartedYet) {
                    return false;
                }
                return false;
            });
            Thread.sleep(STATUS_POLL_MILLIS);
        }
        awaitQuiet(runtime, env);
        return new Phase(orders, AwsUsage.between(usageBefore, AwsUsage.snapshot()),
                minus(functionUse(runtime), functionsBefore), CpuMeter.jvm().minus(jvmBefore),
                CpuMeter.dynoxide().minus(dynoxideBefore));
    }

    /**
     * Waits until the system is quiet: the queues that carry work (order sync, analytics, the live feed) empty and
     * no store write or event for two seconds (the audit stream, EventBridge deliveries and TikTok's own webhooks
     * have settled, and analytics has counted what its batching window gathered).
     */
    private static void awaitQuiet(LocalRuntime runtime, Env env) throws InterruptedException {
        awaitQuiet(runtime, env, PATIENCE);
    }

    /** {@link #awaitQuiet(LocalRuntime, Env)} with a given patience. */
    static void awaitQuiet(LocalRuntime runtime, Env env, Duration patience) throws InterruptedException {
        List<String> queues = WORK_QUEUES.stream().map(runtime.queues()::get).toList();
        long deadline = System.nanoTime() + patience.toNanos();
        long lastActivity = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long backlog = queues.stream().mapToLong(queue -> Queues.backlog(env.aws().sqs(), queue)).sum();
            AwsUsage.Usage now = AwsUsage.total(AwsUsage.snapshot());
            long activity = now.writeRequests() + now.events() + backlog;
            if (activity != lastActivity) {
                lastActivity = activity;
                quietSince = System.nanoTime();
            } else if (backlog == 0 && System.nanoTime() - quietSince > 2_000_000_000L) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the runtime did not settle within " + patience);
    }

    /** Latencies and counts of a phase's orders. */
    private static final class Outcome {
        int completed;
        long firstSent = Long.MAX_VALUE;
        long lastStopped;
        long[] toReady;
        long[] toLabel;
        long[] toShipped;
        double transitions;
        double expressExecutions;
        double expressTransitions;
        double expressBilledSeconds;

        double perSecond() {
            return completed == 0 ? 0 : completed / ((lastStopped - firstSent) / 1000.0);
        }
    }

    private static Outcome outcome(Phase phase, OrderRepository orders, StepFunctionsEngine engine) {
        Outcome outcome = new Outcome();
        List<Long> ready = new ArrayList<>();
        List<Long> label = new ArrayList<>();
        List<Long> shipped = new ArrayList<>();
        long entered = 0;
        int histories = 0;
        for (BenchOrder order : phase.orders) {
            outcome.firstSent = Math.min(outcome.firstSent, order.sentMillis);
            if (order.execution == null) {
                continue;
            }
            Order stored = orders.get(order.tenant, order.orderId);
            if (order.execution.status() == ExecutionStatus.SUCCEEDED && stored.state() == OrderState.SHIPPED) {
                outcome.completed++;
                outcome.lastStopped = Math.max(outcome.lastStopped, order.execution.stopDate());
            }
            for (AuditRecord entry : orders.history(order.tenant, order.orderId)) {
                long millis = entry.at().toEpochMilli() - order.sentMillis;
                if ("TRANSITION".equals(entry.action()) && OrderState.READY.name().equals(entry.to())) {
                    ready.add(millis * 1_000_000);
                } else if ("TRANSITION".equals(entry.action()) && OrderState.LABELED.name().equals(entry.to())) {
                    label.add(millis * 1_000_000);
                } else if ("TRANSITION".equals(entry.action()) && OrderState.SHIPPED.name().equals(entry.to())) {
                    shipped.add(millis * 1_000_000);
                }
            }
            entered += engine.history(order.execution.executionArn()).stream()
                    .filter(event -> event.type().endsWith("StateEntered")).count();
            histories++;
        }
        expressRuns(phase, engine, outcome);
        outcome.toReady = ready.stream().mapToLong(Long::longValue).toArray();
        outcome.toLabel = label.stream().mapToLong(Long::longValue).toArray();
        outcome.toShipped = shipped.stream().mapToLong(Long::longValue).toArray();
        outcome.transitions = histories == 0 ? 0 : (double) entered / histories;
        return outcome;
    }

    /**
     * The Express executions (order-fulfilment-express) the phase's orders ran, per order, from their parents'
     * {@code TaskSucceeded} events (the child's DescribeExecution view): how many (requests), their billed duration
     * (each rounded up to 100 ms) and the states they entered (not billed; from the engine's internal copy of their
     * history, which the API does not give for Express, as in AWS).
     */
    private static void expressRuns(Phase phase, StepFunctionsEngine engine, Outcome outcome) {
        long runs = 0;
        long entered = 0;
        double billed = 0;
        for (BenchOrder order : phase.orders) {
            if (order.execution == null) {
                continue;
            }
            for (HistoryEvent event : engine.history(order.execution.executionArn())) {
                if (!"TaskSucceeded".equals(event.type())) {
                    continue;
                }
                JsonNode view = Json.tree(event.details().path("output").asText("{}"));
                String child = view.path("ExecutionArn").asText();
                if (!child.contains(":express:")) {
                    continue;
                }
                runs++;
                billed += Math.ceil((view.path("StopDate").asLong() - view.path("StartDate").asLong()) / 100.0) / 10.0;
                try {
                    entered += engine.history(child).stream()
                            .filter(e -> e.type().endsWith("StateEntered")).count();
                } catch (SfnException gone) {
                    // past its retention: counted without its states
                }
            }
        }
        int orders = phase.orders.size();
        outcome.expressExecutions = (double) runs / orders;
        outcome.expressTransitions = (double) entered / orders;
        outcome.expressBilledSeconds = billed / orders;
    }

    private static Map<String, FunctionUse> functionUse(LocalRuntime runtime) {
        Map<String, FunctionUse> out = new TreeMap<>();
        for (LocalFunction function : runtime.functions().all()) {
            out.put(function.name(), new FunctionUse(function.invocations(), function.busyTime()));
        }
        return out;
    }

    private static Map<String, FunctionUse> minus(Map<String, FunctionUse> after, Map<String, FunctionUse> before) {
        Map<String, FunctionUse> out = new TreeMap<>();
        after.forEach((name, use) -> {
            FunctionUse earlier = before.getOrDefault(name, new FunctionUse(0, Duration.ZERO));
            long invocations = use.invocations() - earlier.invocations();
            if (invocations > 0) {
                out.put(name, new FunctionUse(invocations, use.busy().minus(earlier.busy())));
            }
        });
        return out;
    }

    private static void printUsage(BenchReport report, String title, Map<String, AwsUsage.Usage> byCaller, int n) {
        report.note("DynamoDB and other requests by caller, " + title + ":");
        report.note(String.format(Locale.ROOT, "  %-32s %7s %7s %7s %7s %7s %7s %7s %7s", "caller", "writes", "items",
                "WRU", "failed", "reads", "RRU", "events", "sqs"));
        byCaller.forEach((caller, u) -> report.note(String.format(Locale.ROOT,
                "  %-32s %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f", caller, (double) u.writeRequests() / n,
                (double) u.itemsWritten() / n, u.writeUnits() / n, (double) u.failedWrites() / n,
                (double) u.readRequests() / n, u.readUnits() / n, (double) u.events() / n,
                (double) u.sqsRequests() / n)));
        AwsUsage.Usage t = AwsUsage.total(byCaller);
        report.note(String.format(Locale.ROOT, "  %-32s %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f", "total",
                (double) t.writeRequests() / n, (double) t.itemsWritten() / n, t.writeUnits() / n,
                (double) t.failedWrites() / n, (double) t.readRequests() / n, t.readUnits() / n,
                (double) t.events() / n, (double) t.sqsRequests() / n));
    }

    private static void printFunctions(BenchReport report, String title, Map<String, FunctionUse> functions, int n) {
        report.note("Lambda invocations per order and handler time per invocation, " + title + ":");
        functions.forEach((name, use) -> report.note(String.format(Locale.ROOT, "  %-32s %6.2f /order %8.1f ms",
                name, (double) use.invocations() / n, use.busy().toNanos() / 1e6 / use.invocations())));
    }

    private static double gbSeconds(Map<String, FunctionUse> functions) {
        return functions.values().stream().mapToDouble(use -> use.busy().toNanos() / 1e9 * LAMBDA_GB).sum();
    }

    private static long invocations(Map<String, FunctionUse> functions) {
        return functions.values().stream().mapToLong(FunctionUse::invocations).sum();
    }

    /**
     * The AWS bill per 1,000 orders at list prices, from the counts of the saturation phase and the handler times of
     * the open-loop phase (less contended), plus the two earlier webhooks of each order.
     */
    private static void cost(BenchReport report, Outcome counts, double expressSeconds,
                             Map<String, FunctionUse> timed,
                             Map<String, FunctionUse> counted, AwsUsage.Usage usage, int n, long webhooks,
                             AwsUsage.Usage before, Map<String, FunctionUse> beforeFunctions, int beforeOrders) {
        double perThousand = 1000.0;
        Map<String, Double> lines = new LinkedHashMap<>();
        lines.put("Step Functions Standard (state transitions)", counts.transitions * SFN_PER_TRANSITION
                * perThousand);
        lines.put("Step Functions Express (requests)", counts.expressExecutions * SFN_EXPRESS_PER_REQUEST
                * perThousand);
        lines.put("Step Functions Express (duration, 64 MB)", counts.expressExecutions == 0 ? 0
                : expressSeconds * SFN_EXPRESS_GB * SFN_EXPRESS_PER_GB_SECOND * perThousand);
        lines.put("Lambda requests", (double) invocations(counted) / n * LAMBDA_PER_REQUEST * perThousand);
        lines.put("Lambda duration (arm64, 1024 MB)", gbSeconds(timed) / n * LAMBDA_PER_GB_SECOND_ARM
                * perThousand);
        lines.put("DynamoDB writes (on-demand WRU)", usage.writeUnits() / n * DYNAMO_PER_WRU * perThousand);
        lines.put("DynamoDB reads (on-demand RRU)", usage.readUnits() / n * DYNAMO_PER_RRU * perThousand);
        lines.put("EventBridge custom events", (double) usage.events() / n * EVENTBRIDGE_PER_EVENT * perThousand);
        lines.put("SQS requests", (double) usage.sqsRequests() / n * SQS_PER_REQUEST * perThousand);
        lines.put("API Gateway HTTP API (webhooks)", (double) webhooks / n * HTTP_API_PER_REQUEST * perThousand);
        double total = lines.values().stream().mapToDouble(Double::doubleValue).sum();
        report.note("AWS cost per 1,000 orders, paid webhook to shipped (us-east-1 list prices; they change):");
        lines.forEach((line, dollars) -> report.note(String.format(Locale.ROOT, "  %-44s $%.4f", line, dollars)));
        report.note(String.format(Locale.ROOT, "  %-44s $%.4f", "total", total));
        report.figure("cost_per_1000_orders_usd", total, "USD");
        long earlierWebhooks = beforeFunctions.getOrDefault("WebhookIntakeFunction",
                new FunctionUse(0, Duration.ZERO)).invocations();
        double earlier = ((double) invocations(beforeFunctions) * LAMBDA_PER_REQUEST
                + gbSeconds(beforeFunctions) * LAMBDA_PER_GB_SECOND_ARM + before.writeUnits() * DYNAMO_PER_WRU
                + before.readUnits() * DYNAMO_PER_RRU + before.events() * EVENTBRIDGE_PER_EVENT
                + before.sqsRequests() * SQS_PER_REQUEST + earlierWebhooks * HTTP_API_PER_REQUEST)
                / beforeOrders * perThousand;
        report.note(String.format(Locale.ROOT, "  %-44s $%.4f", "+ the two earlier webhooks (UNPAID, ON_HOLD)",
                earlier));
        report.figure("cost_per_1000_orders_with_earlier_webhooks_usd", total + earlier, "USD");
        report.note("  prices: Step Functions Standard $0.025 per 1,000 transitions; Express $1.00 per 1M requests "
                + "+ $0.00001667 per GB-s (first 1,000 GB-hours a month; 64 MB billed per execution, duration = "
                + "local wall time rounded up to 100 ms, open-loop phase); Lambda $0.20 per 1M requests "
                + "+ $0.0000133334 per GB-s (arm64; 1024 MB as in the template; duration = local handler wall "
                + "time, open-loop phase); DynamoDB on-demand $0.625 per 1M WRU, $0.125 per 1M RRU (units as "
                + "Dynoxide computes them: 1 KB writes, 4 KB reads, transactions x2, indexes included); "
                + "EventBridge $1.00 per 1M events; SQS $0.40 per 1M requests (local pollers' receives included); "
                + "HTTP API $1.00 per 1M requests; left out: free tiers, CloudWatch logs and metrics, "
                + "Secrets Manager, data transfer, storage");
    }
}
