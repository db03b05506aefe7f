package com.creatorflow.local.sfn.store;

import java.time.Duration;

/**
 * How long closed executions stay visible (DescribeExecution, ListExecutions, GetExecutionHistory, RedriveExecution,
 * the uniqueness of their names) and how many are kept at most. AWS keeps closed Standard executions for 90 days;
 * locally the default is 7 days and 10,000 executions.
 *
 * @param period how long after it closed an execution is kept
 * @param maxClosedExecutions the most closed executions kept (the oldest go first)
 */
public record Retention(Duration period, int maxClosedExecutions) {
    /** 7 days, 10,000 closed executions. */
    public static final Retention DEFAULT = new Retention(Duration.ofDays(7), 10_000);

    public Retention {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the retention period must be positive");
        }
        if (maxClosedExecutions < 1) {
            throw new IllegalArgumentException("at least one closed execution must be kept");
        }
    }

    /** True when an execution that closed at {@code stopDate} is past its retention at {@code now}. */
    public boolean expired(long stopDate, long now) {
        return now - stopDate > period.toMillis();
    }

    /** How many executions above the maximum may pile up before a sweep trims them (a tenth, at least one). */
    int slack() {
        return Math.max(1, maxClosedExecutions / 10);
    }

    /** How often expired executions are deleted: a quarter of the period, at most hourly, at least every second. */
    long sweepIntervalMillis() {
        return Math.max(1000, Math.min(Duration.ofHours(1).toMillis(), period.toMillis() / 4));
    }
}
