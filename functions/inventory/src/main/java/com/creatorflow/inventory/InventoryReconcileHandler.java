package com.creatorflow.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.ReconcileReport;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.workflow.TaskHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Scheduled reconciliation of reservations past their expiry (crashes between reservation and label, cancellations
 * whose release never ran, shipments whose commit never ran). Takes the EventBridge scheduled event; reports what it
 * fixed.
 */
public final class InventoryReconcileHandler extends TaskHandler<InventoryReconcileHandler.Tick, ReconcileReport> {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryReconcileHandler.class);
    private static final int PER_SHARD = 200;

    private final InventoryService inventory;

    /**
     * The scheduled event; only its time is read (for the log).
     *
     * @param time when the schedule fired
     */
    public record Tick(String time) {
    }

    /** Lambda's constructor. */
    public InventoryReconcileHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public InventoryReconcileHandler(Env env) {
        this(InventoryService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public InventoryReconcileHandler(InventoryService inventory) {
        super(Tick.class);
        this.inventory = inventory;
    }

    @Override
    protected ReconcileReport handle(Tick tick, Context context) {
        ReconcileReport report = inventory.reconciler().reconcile(PER_SHARD);
        int fixed = report.released().size() + report.expired().size() + report.committed().size()
                + report.promoted().size() + report.rolledBack().size();
        Telemetry.metrics().addMetric("ReservationsReconciled", fixed,
                MetricUnit.COUNT);
        LOG.info("reconciliation at {}: {} due, {} fixed: {}", tick.time(), report.checked(), fixed, report);
        return report;
    }
}
