package com.creatorflow.local.stack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The expiration rules of the template's buckets ({@code LifecycleConfiguration}), applied locally since S3Proxy
 * has no lifecycle: an object under a rule's prefix is deleted once it is {@code ExpirationInDays} old, counted as S3
 * counts (creation time plus the days, rounded up to the next midnight UTC). Sweeps at start and then every period
 * on one daemon thread. The folders that S3Proxy's file system back end lists as keys ending in {@code /} are not
 * objects and are left alone.
 */
public final class BucketExpiry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BucketExpiry.class);

    /**
     * One enabled expiration rule.
     *
     * @param bucket the bucket's local name
     * @param prefix the key prefix it applies to ("" for all)
     * @param days the age at which objects expire
     */
    public record Rule(String bucket, String prefix, int days) {
        /** When an object last modified at {@code modified} expires under this rule. */
        public Instant expiresAt(Instant modified) {
            return modified.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        }
    }

    private final S3Client s3;
    private final List<Rule> rules;
    private final ScheduledExecutorService timer;

    private BucketExpiry(S3Client s3, List<Rule> rules, ScheduledExecutorService timer) {
        this.s3 = s3;
        this.rules = List.copyOf(rules);
        this.timer = timer;
    }

    /** The enabled expiration rules of every {@code AWS::S3::Bucket} of the template. */
    public static List<Rule> rules(LocalResolver resolver) {
        List<Rule> rules = new ArrayList<>();
        for (String logicalId : resolver.template().resourcesOfType("AWS::S3::Bucket")) {
            Map<String, Object> properties = CfnTemplate.map(resolver.resolve(
                    resolver.template().properties(logicalId)));
            Map<String, Object> lifecycle = CfnTemplate.map(properties.get("LifecycleConfiguration"));
            for (Object raw : CfnTemplate.list(lifecycle.get("Rules"))) {
                Map<String, Object> rule = CfnTemplate.map(raw);
                Object days = rule.get("ExpirationInDays");
                if (!"Enabled".equals(rule.get("Status")) || days == null) {
                    continue;
                }
                Object prefix = rule.containsKey("Prefix") ? rule.get("Prefix")
                        : CfnTemplate.map(rule.get("Filter")).get("Prefix");
                rules.add(new Rule(resolver.physicalName(logicalId), prefix == null ? "" : String.valueOf(prefix),
                        Integer.parseInt(String.valueOf(days))));
            }
        }
        return rules;
    }

    /** Applies the rules now and then every {@code period}, until closed. */
    public static BucketExpiry start(List<Rule> rules, S3Client s3, Clock clock, Duration period) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "s3-bucket-expiry");
            thread.setDaemon(true);
            return thread;
        });
        BucketExpiry expiry = new BucketExpiry(s3, rules, timer);
        timer.scheduleAtFixedRate(() -> {
            try {
                expiry.sweep(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("expiring old objects failed: {}", e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return expiry;
    }

    /** Deletes every object that has expired by {@code now}; returns how many. */
    public int sweep(Instant now) {
        int deleted = 0;
        for (Rule rule : rules) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(rule.bucket()).prefix(rule.prefix()))
                    .contents()) {
                boolean folder = object.key().endsWith("/");
                if (!folder && !now.isBefore(rule.expiresAt(object.lastModified()))) {
                    s3.deleteObject(r -> r.bucket(rule.bucket()).key(object.key()));
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.info("expired {} object(s) past their buckets' lifecycle rules", deleted);
        }
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
