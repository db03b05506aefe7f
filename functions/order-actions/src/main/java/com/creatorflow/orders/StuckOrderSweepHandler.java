package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.shared.actions.StuckOrderSweeper.Action;
import com.creatorflow.shared.actions.StuckOrderSweeper;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.notify.domain.SlaWatch;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Scheduled (every 5 minutes): repairs the orders of every tenant with a shop that should have a running fulfilment
 * workflow but have none ({@link StuckOrderSweeper}); orders unchanged for {@code STUCK_ORDER_MIN_AGE_MINUTES} (10 by
 * default) are looked at, and those within {@code SLA_AT_RISK_HOURS} (4) of TikTok's ship-by time raise
 * {@code OrderSlaAtRisk} ({@link SlaWatch}). Returns the report and counts what it did.
 */
public final class StuckOrderSweepHandler implements RequestHandler<ScheduledEvent, StuckOrderSweeper.Report> {
    private final StuckOrderSweeper sweeper;
    private final Supplier<Set<String>> tenants;

    /** Lambda's constructor. */
    public StuckOrderSweepHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public StuckOrderSweepHandler(Env env) {
        this(new StuckOrderSweeper(OrderRepository.fromEnv(env),
                new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")), env.aws().stepFunctions(),
                env.require("FULFILMENT_STATE_MACHINE_ARN"), StuckOrderSweeper.Settings.DEFAULTS.withMinAge(
                        Duration.ofMinutes(env.getInt("STUCK_ORDER_MIN_AGE_MINUTES", 10))), Clock.systemUTC(),
                new SlaWatch(EventBridgePublisher.fromEnv(env), Duration.ofHours(env.getInt("SLA_AT_RISK_HOURS", 4)),
                        Clock.systemUTC())),
                ShopDirectory.fromEnv(env)::tenantIds);
    }

    /** Explicit collaborators (tests). */
    public StuckOrderSweepHandler(StuckOrderSweeper sweeper, Supplier<Set<String>> tenants) {
        this.sweeper = sweeper;
        this.tenants = tenants;
    }

    @Override
    public StuckOrderSweeper.Report handleRequest(ScheduledEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            StuckOrderSweeper.Report report = sweeper.sweep(tenants.get());
            Telemetry.count("StuckOrdersChecked", report.checked());
            Telemetry.count("StuckOrderStarted", report.count(Action.STARTED));
            Telemetry.count("StuckOrderRestarted", report.count(Action.RESTARTED));
            Telemetry.count("StuckOrderEscalated", report.count(Action.ESCALATED));
            Telemetry.count("StuckOrderSweepTruncated", report.truncated());
            Telemetry.count("StuckOrderSweepFailed", report.failures().size());
            return report;
        });
    }
}
