package com.creatorflow.tiktok.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.sync.Reconciler;
import java.time.Clock;
import java.time.Duration;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Scheduled (every 15 minutes): reconciles every authorized shop's orders updated in the last
 * {@code RECONCILE_WINDOW_MINUTES} (30 by default, so consecutive runs overlap) and returns the report.
 */
public final class ReconciliationHandler implements RequestHandler<ScheduledEvent, Reconciler.Report> {
    private final Reconciler reconciler;
    private final Duration window;
    private final Clock clock;

    /** Lambda's constructor. */
    public ReconciliationHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public ReconciliationHandler(Env env) {
        this(reconciler(env), Duration.ofMinutes(env.getInt("RECONCILE_WINDOW_MINUTES", 30)), Clock.systemUTC());
    }

    /** Explicit collaborators (tests). */
    public ReconciliationHandler(Reconciler reconciler, Duration window, Clock clock) {
        this.reconciler = reconciler;
        this.window = window;
        this.clock = clock;
    }

    private static Reconciler reconciler(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        return new Reconciler(shops, TikTokShopClient.fromEnv(env, shops), OrderRepository.fromEnv(env),
                env.aws().sqs(), env.require("ORDER_SYNC_QUEUE_URL"));
    }

    @Override
    public Reconciler.Report handleRequest(ScheduledEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            Reconciler.Report report = reconciler.run(clock.instant(), window);
            Telemetry.metrics().addMetric("ReconciliationRepaired", report.repaired(), MetricUnit.COUNT);
            if (!report.failedShops().isEmpty()) {
                Telemetry.count("ReconciliationShopFailed");
            }
            return report;
        });
    }
}
