package com.creatorflow.bench;

import com.creatorflow.local.runtime.LocalRuntime;
import com.creatorflow.local.runtime.RuntimeOptions;
import com.creatorflow.shared.bulk.BulkJobStore;
import com.creatorflow.shared.bulk.BulkJobs;
import com.creatorflow.shared.bulk.domain.BulkJob;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bulk job of {@code --orders N} orders (default 10,000, the most a job takes) on the local runtime: the orders are
 * seeded (RECEIVED) through the repository, then one HOLD job is started as the creators' API starts it and polled until
 * it ends; reports the job's time, its orders per second and how often progress was seen mid-run.
 */
public final class BulkJobBenchmark implements Benchmark {
    private static final int ORDERS = Integer.getInteger("bulk-jobs.orders", BulkJobs.MAX_ORDERS);
    private static final String TENANT = "bulk-bench";

    @Override
    public String name() {
        return "bulk-jobs";
    }

    @Override
    public String description() {
        return "one HOLD bulk job over 10,000 orders through the bulk-jobs queue and worker (local runtime)";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-bulk-jobs");
        try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, dir, false), Map.of())) {
            Env env = runtime.functions().get("CreatorApiFunction").env();
            OrderRepository orders = OrderRepository.fromEnv(env);
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            ParallelSeeding.run(report, ORDERS, 8, 2_000, i -> {
                ids.add(orders.create(Orders.sample(TENANT).toBuilder().priority(i % 7).build(), "system:bench",
                        "seeded").orderId());
            });
            BulkJobs jobs = new BulkJobs(new BulkJobStore(env.aws().dynamo(), env.require("BULK_JOBS_TABLE"),
                    Clock.systemUTC()), env.aws().sqs(), env.require("BULK_JOBS_QUEUE_URL"));
            long started = System.nanoTime();
            String jobId = jobs.start(TENANT, new BulkJobs.Request("HOLD", ids, null, "bench", List.of(), "bench"),
                    "system:bench");
            int midRun = 0;
            BulkJob job = jobs.status(TENANT, jobId);
            while (!job.finished()) {
                Thread.sleep(500);
                job = jobs.status(TENANT, jobId);
                if (!job.finished() && job.processed() > 0) {
                    midRun++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            report.note(String.format(Locale.ROOT, "  job %s: %s, %d of %d done, %d refused, %d failed",
                    jobId, job.status(), job.done(), job.total(), job.refused(), job.failed()));
            report.figure("bulk_job_orders", job.total(), "orders");
            report.figure("bulk_job_seconds", seconds, "s");
            report.figure("bulk_job_orders_per_s", job.total() / seconds, "orders/s");
            report.figure("progress_polls_mid_run", midRun, "polls");
            if (!"COMPLETED".equals(job.status()) || job.done() != ORDERS) {
                throw new IllegalStateException("the bulk job did not hold every order: " + job);
            }
        }
    }
}
