package com.creatorflow.shared.bulk;

import com.creatorflow.shared.aws.Backoff;
import com.creatorflow.shared.bulk.domain.BulkJobFinished;
import com.creatorflow.shared.bulk.domain.BulkMessage;
import com.creatorflow.shared.bulk.domain.BulkOutcome;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.OrderFilters;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The bulk worker's logic, one queue message at a time. Planning selects the job's orders (its ids, or every order
 * its filter matches, at most {@value BulkJobs#MAX_ORDERS}), puts the highest {@code priority} first and stores them
 * in chunks; then {@value #LANES} chunks run at once, each chunk handing on to the one {@value #LANES} further when
 * it ends, so priority orders go first. A chunk is worked through in segments of {@value #SEGMENT} orders: each
 * segment's outcomes and the job's counters are one transaction, so progress shows while the job runs and a
 * re-delivered message never counts an order twice. A cancelled job skips the orders it has not reached.
 */
public final class BulkJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BulkJobRunner.class);
    /** Chunks worked on at once per job. */
    public static final int LANES = 4;
    /** Orders per recorded segment. */
    public static final int SEGMENT = 10;
    private static final int ATTEMPTS = 4;

    /** Applies a job's action to one order; a {@link CreatorFlowException} is the order's refusal. */
    @FunctionalInterface
    public interface OrderAction {
        void apply(BulkJobStore.Stored job, String orderId);
    }

    /** Applies a job's action to a segment of orders at once and answers each one's outcome (label printing). */
    @FunctionalInterface
    public interface SegmentAction {
        List<BulkOutcome> apply(BulkJobStore.Stored job, String jobId, int chunk, int from, List<String> orderIds);
    }

    /** Ends a PRINT_LABELS job: merges what its segments printed; answers the merged document's key, if any. */
    @FunctionalInterface
    public interface LabelsFinisher {
        Optional<String> finish(String tenantId, String jobId);
    }

    private final BulkJobStore store;
    private final OrderRepository orders;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Map<String, SegmentAction> actions;
    private final LabelsFinisher labels;
    private final EventPublisher events;

    /**
     * @param actions the segment action of each job action (see {@link #eachOrder})
     * @param labels ends PRINT_LABELS jobs
     * @param events where {@code BulkJobFinished} goes
     */
    public BulkJobRunner(BulkJobStore store, OrderRepository orders, SqsClient sqs, String queueUrl,
                         Map<String, SegmentAction> actions, LabelsFinisher labels, EventPublisher events) {
        this.store = store;
        this.orders = orders;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.actions = Map.copyOf(actions);
        this.labels = labels;
        this.events = events;
    }

    /**
     * A segment action that applies an order action to each order: DONE, REFUSED with the refusal's reason, or
     * FAILED once transient errors outlast a few retries.
     */
    public static SegmentAction eachOrder(OrderAction action) {
        return (job, jobId, chunk, from, orderIds) -> {
            List<BulkOutcome> outcomes = new ArrayList<>();
            for (String orderId : orderIds) {
                outcomes.add(applyOne(action, job, orderId));
            }
            return outcomes;
        };
    }

    private static BulkOutcome applyOne(OrderAction action, BulkJobStore.Stored job, String orderId) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.apply(job, orderId);
                return BulkOutcome.done(orderId);
            } catch (TransientFailure | VersionConflict e) {
                if (attempt >= ATTEMPTS) {
                    return new BulkOutcome(orderId, "FAILED", e.errorName(), e.getMessage());
                }
                Backoff.pause(attempt);
            } catch (CreatorFlowException e) {
                return new BulkOutcome(orderId, "REFUSED", e.errorName(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("bulk job {}: order {} failed", job.action(), orderId, e);
                return new BulkOutcome(orderId, "FAILED", e.getClass().getSimpleName(), "unexpected error");
            }
        }
    }

    /** Handles one message; {@code timeLeft} false makes a chunk stop and queue itself again to go on. */
    public void handle(BulkMessage message, BooleanSupplier timeLeft) {
        if (message.chunk() < 0) {
            plan(message.tenantId(), message.jobId());
        } else {
            runChunk(message, timeLeft);
        }
    }

    private void plan(String tenantId, String jobId) {
        BulkJobStore.Stored job = store.find(tenantId, jobId).orElse(null);
        if (job == null || !"PLANNING".equals(job.status())) {
            if (job != null && "CANCELLING".equals(job.status()) && job.chunks() == 0) {
                finish(tenantId, jobId, "CANCELLED", null, null);
            }
            return;
        }
        List<String> selected;
        Map<String, Integer> priority;
        Optional<Map<String, String>> filter = job.filter();
        if (filter.isPresent()) {
            OrderQuery query = OrderFilters.parse(name -> Optional.ofNullable(filter.get().get(name)), "filter.");
            selected = new ArrayList<>();
            priority = new java.util.HashMap<>();
            String cursor = null;
            do {
                Page<Order> page = orders.search(tenantId, query, 100, cursor);
                for (Order order : page.items()) {
                    selected.add(order.orderId());
                    priority.put(order.orderId(), order.priority());
                }
                cursor = page.nextCursor();
            } while (cursor != null && selected.size() <= BulkJobs.MAX_ORDERS);
            if (selected.size() > BulkJobs.MAX_ORDERS) {
                finish(tenantId, jobId, "FAILED", "the filter matches more than " + BulkJobs.MAX_ORDERS
                        + " orders; narrow it", null);
                return;
            }
        } else {
            selected = store.selection(tenantId, jobId, job.selectionPages());
            priority = orders.priorities(tenantId, selected);
        }
        List<String> ordered = new ArrayList<>(selected);
        ordered.sort(Comparator.comparingInt((String id) -> priority.getOrDefault(id, 0)).reversed());
        int chunks = (ordered.size() + BulkJobStore.CHUNK_SIZE - 1) / BulkJobStore.CHUNK_SIZE;
        for (int chunk = 0; chunk < chunks; chunk++) {
            store.putChunk(tenantId, jobId, chunk, ordered.subList(chunk * BulkJobStore.CHUNK_SIZE,
                    Math.min(ordered.size(), (chunk + 1) * BulkJobStore.CHUNK_SIZE)));
        }
        if (!store.planned(tenantId, jobId, ordered.size(), chunks)) {
            return;
        }
        if (chunks == 0) {
            finish(tenantId, jobId, "COMPLETED", null, null);
        }
        for (int chunk = 0; chunk < Math.min(LANES, chunks); chunk++) {
            send(new BulkMessage(tenantId, jobId, chunk));
        }
    }

    private void runChunk(BulkMessage message, BooleanSupplier timeLeft) {
        String tenantId = message.tenantId();
        String jobId = message.jobId();
        BulkJobStore.Chunk chunk = store.chunk(tenantId, jobId, message.chunk());
        int next = chunk.next();
        while (next < chunk.orderIds().size()) {
            if (!timeLeft.getAsBoolean()) {
                send(message);
                return;
            }
            BulkJobStore.Stored job = store.find(tenantId, jobId).orElseThrow();
            List<String> ids = chunk.orderIds();
            List<BulkOutcome> outcomes;
            if ("CANCELLING".equals(job.status()) || job.finished()) {
                outcomes = ids.subList(next, ids.size()).stream().map(id -> new BulkOutcome(id, "SKIPPED",
                        "JobCancelled", "the job was cancelled before it reached this order")).toList();
            } else {
                List<String> segment = ids.subList(next, Math.min(ids.size(), next + SEGMENT));
                outcomes = actions.get(job.action()).apply(job, jobId, message.chunk(), next, segment);
            }
            if (store.record(tenantId, jobId, message.chunk(), next, outcomes)) {
                next += outcomes.size();
            } else {
                next = store.chunk(tenantId, jobId, message.chunk()).next();
            }
        }
        BulkJobStore.Stored job = store.find(tenantId, jobId).orElseThrow();
        if (message.chunk() + LANES < job.chunks()) {
            send(new BulkMessage(tenantId, jobId, message.chunk() + LANES));
        }
        if (job.processed() >= job.total() && !job.finished()) {
            String key = "PRINT_LABELS".equals(job.action()) ? labels.finish(tenantId, jobId).orElse(null) : null;
            finish(tenantId, jobId, "CANCELLING".equals(job.status()) ? "CANCELLED" : "COMPLETED", null, key);
        }
    }

    /** Ends the job and, when this call ended it, raises {@code BulkJobFinished} with its counts. */
    private void finish(String tenantId, String jobId, String status, String error, String labelsKey) {
        if (!store.finish(tenantId, jobId, status, error, labelsKey)) {
            return;
        }
        store.find(tenantId, jobId).ifPresent(job -> {
            try {
                events.publish(BulkJobFinished.SOURCE, BulkJobFinished.DETAIL_TYPE,
                        BulkJobFinished.of(tenantId, job.view()));
            } catch (RuntimeException e) {
                LOG.warn("BulkJobFinished for job {} could not be published: {}", jobId, e.getMessage());
            }
        });
    }

    private void send(BulkMessage message) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(message)));
    }
}
