package com.creatorflow.shared.analytics.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable histogram of durations in fixed log-scale buckets: bucket 0 holds durations under one second, bucket
 * {@code b >= 1} holds {@code [1.1^(b-1), 1.1^b)} seconds. Counts of the same bucket add up across orders, hours and
 * days, so percentiles of any period come from summed counters; a percentile is reported as its bucket's geometric
 * middle, within 5% of the exact value.
 */
public final class DurationHistogram {
    /** The growth factor from one bucket to the next. */
    public static final double BASE = 1.1;
    private static final double LOG_BASE = Math.log(BASE);

    private final TreeMap<Integer, Long> counts = new TreeMap<>();

    /** The bucket of a duration in seconds. */
    public static int bucket(long seconds) {
        return seconds < 1 ? 0 : 1 + (int) Math.floor(Math.log(seconds) / LOG_BASE);
    }

    /** The value reported for a bucket: 0 for the first, else the geometric middle of its bounds, in seconds. */
    public static long representative(int bucket) {
        return bucket == 0 ? 0 : Math.round(Math.pow(BASE, bucket - 0.5));
    }

    /** Adds a count to a bucket. */
    public void add(int bucket, long count) {
        counts.merge(bucket, count, Long::sum);
    }

    /** The counts per bucket, lowest bucket first. */
    public Map<Integer, Long> counts() {
        return counts;
    }

    /** How many durations it holds. */
    public long count() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The {@code q}-quantile in seconds (the representative of the bucket holding the value of rank
     * {@code ceil(q * count)}), or null when empty.
     */
    public Long quantileSeconds(double q) {
        long total = count();
        if (total <= 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> entry : counts.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return representative(entry.getKey());
            }
        }
        return representative(counts.lastKey());
    }
}
