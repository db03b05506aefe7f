package com.creatorflow.shared.inventory.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What one reconciliation run found and fixed, as {@code tenant/order} references.
 *
 * @param checked expired reservations looked at
 * @param released released because the order is cancelled or gone
 * @param expired released because the order stopped before moving on (READY: the step will reserve again;
 *     RESERVED: the order went to review)
 * @param committed committed because the order shipped without the commit step
 * @param promoted back-orders whose reservation was made but whose order had not moved to RESERVED
 * @param extended still progressing (label bought, or in review): given more time
 * @param rolledBack reservations left half-written by a crash, rolled back
 */
public record ReconcileReport(int checked, List<String> released, List<String> expired, List<String> committed,
                              List<String> promoted, List<String> extended, List<String> rolledBack) {
    /** An empty report to fill. */
    public static ReconcileReport empty() {
        return new ReconcileReport(0, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    public ReconcileReport withChecked(int count) {
        return new ReconcileReport(count, List.copyOf(released), List.copyOf(expired), List.copyOf(committed),
                List.copyOf(promoted), List.copyOf(extended), List.copyOf(rolledBack));
    }

    /** True when nothing needed fixing. */
    public boolean clean() {
        return released.isEmpty() && expired.isEmpty() && committed.isEmpty() && promoted.isEmpty()
                && rolledBack.isEmpty();
    }
}
