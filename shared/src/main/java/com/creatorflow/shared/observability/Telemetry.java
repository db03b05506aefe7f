package com.creatorflow.shared.observability;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The cross-cutting wrapper of every handler: Powertools structured logging with the Lambda context and correlation
 * ids (order id, TikTok notification id, execution ARN) in every log line, Powertools metrics flushed once per
 * invocation with the cold start captured, and nothing else. Handlers call {@link #invoke} once.
 */
public final class Telemetry {
    /** Correlation key for our order id. */
    public static final String ORDER_ID = "order_id";
    /** Correlation key for the tenant. */
    public static final String TENANT_ID = "tenant_id";
    /** Correlation key for TikTok's notification id. */
    public static final String NOTIFICATION_ID = "tts_notification_id";
    /** Correlation key for a Step Functions execution. */
    public static final String EXECUTION_ARN = "execution_arn";

    /** The metrics namespace when {@code POWERTOOLS_METRICS_NAMESPACE} is not set (the template sets the same). */
    public static final String DEFAULT_NAMESPACE = "CreatorFlow";

    private static final AtomicBoolean COLD = new AtomicBoolean(true);
    private static final Metrics METRICS = configuredMetrics();

    private Telemetry() {
    }

    /** Runs a handler body with logging context and metrics around it. */
    public static <T> T invoke(Context context, Supplier<T> body) {
        return PowertoolsLogging.withLogging(context, () -> {
            Metrics metrics = metrics();
            if (COLD.compareAndSet(true, false)) {
                metrics.captureColdStartMetric(context);
            }
            try {
                return body.get();
            } finally {
                metrics.flush();
            }
        });
    }

    /** Adds a correlation id to every log line of the current invocation. */
    public static void correlate(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** The Powertools metrics of this process. */
    public static Metrics metrics() {
        return METRICS;
    }

    private static Metrics configuredMetrics() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
            metrics.setNamespace(DEFAULT_NAMESPACE);
        }
        return metrics;
    }

    /** Counts one occurrence of something. */
    public static void count(String metric) {
        count(metric, 1);
    }

    /** Counts several occurrences of something at once. */
    public static void count(String metric, long times) {
        metrics().addMetric(metric, times, MetricUnit.COUNT);
    }

    /** Records a duration in milliseconds. */
    public static void millis(String metric, double millis) {
        metrics().addMetric(metric, millis, MetricUnit.MILLISECONDS);
    }
}
