package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.creatorflow.shared.actions.OrderActions;
import com.creatorflow.shared.actions.OrderCancellations;
import com.creatorflow.shared.bulk.BulkJobRunner;
import com.creatorflow.shared.bulk.BulkJobStore;
import com.creatorflow.shared.bulk.domain.BulkMessage;
import com.creatorflow.shared.bulk.domain.BulkOutcome;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.review.domain.Decision;
import com.creatorflow.shared.shipping.LabelDownloads;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.WorkflowStarter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk-jobs worker: each message of the bulk-jobs queue plans a job or works through one of its chunks
 * ({@link BulkJobRunner}); a message that fails is retried by the queue and lands in its dead-letter queue after
 * five receives. A chunk stops well before the function's timeout and queues itself to go on.
 */
public final class BulkJobHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(BulkJobHandler.class);
    /** A chunk stops when less than this is left of the invocation. */
    private static final long RESERVE_MILLIS = 20_000;

    private final BulkJobRunner runner;

    /** Lambda's constructor: collaborators from the process environment. */
    public BulkJobHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public BulkJobHandler(Env env) {
        this(runner(env));
    }

    /** An explicit runner (tests). */
    public BulkJobHandler(BulkJobRunner runner) {
        this.runner = runner;
    }

    /** The runner with every action wired from an environment. */
    public static BulkJobRunner runner(Env env) {
        OrderRepository orders = OrderRepository.fromEnv(env);
        ReviewService reviews = new ReviewService(orders,
                new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC());
        OrderActions actions = new OrderActions(orders, reviews);
        OrderCancellations cancellations = new OrderCancellations(orders,
                WorkflowStarter.fromEnv(env, "CANCELLATION_STATE_MACHINE_ARN"));
        S3LabelStore labels = S3LabelStore.fromEnv(env);
        LabelDownloads downloads = new LabelDownloads(orders, labels);
        Map<String, BulkJobRunner.SegmentAction> each = Map.of(
                "CANCEL", BulkJobRunner.eachOrder((job, id) -> cancellations.cancel(job.tenantId(), id, job.reason(),
                        job.actor())),
                "HOLD", BulkJobRunner.eachOrder((job, id) -> actions.hold(job.tenantId(), id, job.reason(),
                        job.actor(), Optional.empty())),
                "RELEASE", BulkJobRunner.eachOrder((job, id) -> actions.release(job.tenantId(), id, job.reason(),
                        job.actor(), Optional.empty())),
                "APPROVE", BulkJobRunner.eachOrder((job, id) -> reviews.decide(job.tenantId(), id, Decision.APPROVE,
                        job.actor(), job.reason(), null)),
                "RETRY", BulkJobRunner.eachOrder((job, id) -> reviews.decide(job.tenantId(), id, Decision.RETRY,
                        job.actor(), job.reason(), null)),
                "TAG", BulkJobRunner.eachOrder((job, id) -> actions.tags(job.tenantId(), id, job.tags(), List.of(),
                        job.actor(), Optional.empty())),
                "PRINT_LABELS", (job, jobId, chunk, from, ids) -> {
                    LabelDownloads.Batch batch = downloads.printable(job.tenantId(), ids);
                    if (batch.pdf() != null) {
                        labels.putBulk(S3LabelStore.bulkKey(job.tenantId(), jobId,
                                "part-%05d-%05d".formatted(chunk, from)), batch.pdf());
                    }
                    List<BulkOutcome> outcomes = new ArrayList<>();
                    for (String id : ids) {
                        outcomes.add(batch.skipped().containsKey(id)
                                ? new BulkOutcome(id, "SKIPPED", "NoLabel", batch.skipped().get(id))
                                : BulkOutcome.done(id));
                    }
                    return outcomes;
                });
        return new BulkJobRunner(new BulkJobStore(env.aws().dynamo(), env.require("BULK_JOBS_TABLE"),
                Clock.systemUTC()), orders, env.aws().sqs(), env.require("BULK_JOBS_QUEUE_URL"), each,
                (tenantId, jobId) -> {
                    List<byte[]> parts = labels.bulkParts(tenantId, jobId);
                    if (parts.isEmpty()) {
                        return Optional.empty();
                    }
                    String key = S3LabelStore.bulkKey(tenantId, jobId, "labels");
                    labels.putBulk(key, LabelDownloads.merge(parts));
                    return Optional.of(key);
                }, EventBridgePublisher.fromEnv(env));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                try {
                    BulkMessage bulk = Json.read(message.getBody(), BulkMessage.class);
                    runner.handle(bulk, () -> context == null
                            || context.getRemainingTimeInMillis() > RESERVE_MILLIS);
                } catch (RuntimeException e) {
                    LOG.warn("bulk message {} failed; the queue retries it", message.getMessageId(), e);
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        });
    }
}
