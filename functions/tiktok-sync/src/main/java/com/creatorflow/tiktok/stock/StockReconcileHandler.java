package com.creatorflow.tiktok.stock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.StockReconciler;

/**
 * Scheduled: imports each connected shop's catalogue into the SKU ↔ listing map and repairs any SKU whose stock on
 * TikTok differs from ours ({@link StockReconciler}); returns the run's report.
 */
public final class StockReconcileHandler implements RequestHandler<ScheduledEvent, StockReconciler.Report> {
    private final StockReconciler reconciler;

    /** Lambda's constructor. */
    public StockReconcileHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public StockReconcileHandler(Env env) {
        this(StockReconciler.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public StockReconcileHandler(StockReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public StockReconciler.Report handleRequest(ScheduledEvent event, Context context) {
        return Telemetry.invoke(context, reconciler::run);
    }
}
