package com.creatorflow.shared.actions;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entries;

import com.creatorflow.shared.error.OrderNotFound;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.domain.Review;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.workflow.StepFunctionsStarter;
import com.creatorflow.shared.workflow.WorkflowStarter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The backstop for orders whose fulfilment workflow is gone: it looks, per tenant, at the orders that sit in a state
 * the fulfilment workflow runs through and have not changed for a while ({@code byState} index, oldest first,
 * bounded pages), and repairs those that have no running execution and no person deciding about them:
 * <ul>
 *   <li>no execution recorded, one of another state machine, or one that does not exist: the workflow is started
 *       under the recorded name, or the order's own ({@code order-<orderId>}), so a repeat is a no-op;</li>
 *   <li>the execution ended (failed, timed out, aborted, or succeeded while the order stayed mid-way): a new attempt
 *       {@code order-<orderId>-r<version>} is recorded on the order, then started; after
 *       {@link Settings#maxRestarts} restarts with no move of the order in between, the order goes to
 *       NEEDS_ATTENTION with the reason instead.</li>
 * </ul>
 * Every step of the workflow is idempotent, so a restarted workflow picks the order up where it stopped. Each write
 * is conditioned on the order's version: an order that moved meanwhile is left to whatever moved it.
 */
public final class StuckOrderSweeper {
    /** The states the fulfilment workflow runs through (order-fulfilment.asl.json), from READY to the last push. */
    public static final Set<OrderState> MID_WORKFLOW = EnumSet.of(OrderState.READY, OrderState.BACKORDERED,
            OrderState.RESERVED, OrderState.LABELED, OrderState.PARTIALLY_SHIPPED);
    /** The actor of the sweeper's audit entries. */
    public static final String ACTOR = "system:stuck-order-sweeper";
    /** The audit action recording a new attempt of the workflow. */
    public static final String RESTARTED = "WORKFLOW_RESTARTED";
    private static final Logger LOG = LoggerFactory.getLogger(StuckOrderSweeper.class);
    private static final Set<String> ACTIONS_THAT_RESET_RESTARTS = Set.of("CREATED", "TRANSITION", "REVIEW_DECIDED");

    private final OrderRepository orders;
    private final ReviewRepository reviews;
    private final SfnClient sfn;
    private final StepFunctionsStarter fulfilment;
    private final String executionPrefix;
    private final Settings settings;
    private final Clock clock;
    private final java.util.function.Consumer<Order> looked;

    /**
     * How a sweep runs.
     *
     * @param minAge how long an order must have stayed unchanged to be looked at
     * @param pageSize orders per index page
     * @param maxPagesPerState pages read per tenant and state in one sweep
     * @param maxRestarts new attempts before the order is put in front of a person
     */
    public record Settings(Duration minAge, int pageSize, int maxPagesPerState, int maxRestarts) {
        /** Ten minutes unchanged; 4 pages of 25 per tenant and state; 3 restarts. */
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), 25, 4, 3);

        /** The same settings with another minimum age. */
        public Settings withMinAge(Duration age) {
            return new Settings(age, pageSize, maxPagesPerState, maxRestarts);
        }
    }

    /** What the sweeper did to an order. */
    public enum Action {
        /** Started the workflow that never ran. */
        STARTED,
        /** Started a new attempt after the last one ended. */
        RESTARTED,
        /** Moved the order to NEEDS_ATTENTION. */
        ESCALATED
    }

    /**
     * One repaired order.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param state the state it was stuck in
     * @param problem what was wrong, in words
     * @param action what the sweeper did
     * @param executionArn the execution started, or the last one when escalated
     */
    public record Repair(String tenantId, String orderId, OrderState state, String problem, Action action,
                         String executionArn) {
    }

    /**
     * What a sweep found.
     *
     * @param tenants tenants swept
     * @param checked orders looked at
     * @param healthy orders with a running execution
     * @param waitingForPerson orders with an open review (a person decides)
     * @param repairs what was repaired
     * @param raced orders that changed while being looked at (left alone)
     * @param truncated tenant and state pairs with more orders than the page bound (looked at next time)
     * @param failures orders or tenants whose check failed, with the error
     */
    public record Report(int tenants, int checked, int healthy, int waitingForPerson, List<Repair> repairs,
                         int raced, int truncated, Map<String, String> failures) {
        /** The number of repairs of a kind. */
        public long count(Action action) {
            return repairs.stream().filter(r -> r.action() == action).count();
        }
    }

    /**
     * @param orders the orders
     * @param reviews the review queue (an open review means a person was told)
     * @param sfn the Step Functions client
     * @param fulfilmentStateMachineArn the fulfilment state machine
     * @param settings age, bounds and restarts
     * @param clock the clock
     */
    public StuckOrderSweeper(OrderRepository orders, ReviewRepository reviews, SfnClient sfn,
                             String fulfilmentStateMachineArn, Settings settings, Clock clock) {
        this(orders, reviews, sfn, fulfilmentStateMachineArn, settings, clock, order -> { });
    }

    /**
     * The same, also showing every order looked at to {@code looked} (the SLA watch of notifications).
     *
     * @param looked sees each order the sweep reads; its failures do not stop the sweep
     */
    public StuckOrderSweeper(OrderRepository orders, ReviewRepository reviews, SfnClient sfn,
                             String fulfilmentStateMachineArn, Settings settings, Clock clock,
                             java.util.function.Consumer<Order> looked) {
        this.looked = looked;
        this.orders = orders;
        this.reviews = reviews;
        this.sfn = sfn;
        this.fulfilment = new StepFunctionsStarter(sfn, fulfilmentStateMachineArn);
        this.executionPrefix = fulfilment.executionArn("");
        this.settings = settings;
        this.clock = clock;
    }

    private enum Verdict { HEALTHY, WAITING_FOR_PERSON, RACED, REPAIRED }

    /** Sweeps the given tenants' orders. */
    public Report sweep(Collection<String> tenantIds) {
        Instant unchangedSince = clock.instant().minus(settings.minAge());
        int checked = 0;
        int healthy = 0;
        int waiting = 0;
        int raced = 0;
        int truncated = 0;
        List<Repair> repairs = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (String tenant : tenantIds) {
            for (OrderState state : MID_WORKFLOW) {
                String cursor = null;
                int pages = 0;
                try {
                    do {
                        Page<Order> page = orders.unchangedSince(tenant, state, unchangedSince, settings.pageSize(),
                                cursor);
                        for (Order candidate : page.items()) {
                            checked++;
                            try {
                                looked.accept(candidate);
                            } catch (RuntimeException e) {
                                LOG.warn("the SLA watch failed on order {}: {}", candidate.orderId(), e.toString());
                            }
                            try {
                                switch (examine(candidate.tenantId(), candidate.orderId(), unchangedSince, repairs)) {
                                    case HEALTHY -> healthy++;
                                    case WAITING_FOR_PERSON -> waiting++;
                                    case RACED -> raced++;
                                    case REPAIRED -> { }
                                }
                            } catch (VersionConflict | OrderNotFound moved) {
                                raced++;
                            } catch (RuntimeException e) {
                                LOG.warn("checking order {} of {} failed: {}", candidate.orderId(), tenant,
                                        e.toString());
                                failures.put(tenant + "/" + candidate.orderId(), e.toString());
                            }
                        }
                        cursor = page.nextCursor();
                    } while (cursor != null && ++pages < settings.maxPagesPerState());
                    truncated += cursor != null ? 1 : 0;
                } catch (RuntimeException e) {
                    LOG.warn("sweeping {} orders of {} failed: {}", state, tenant, e.toString());
                    failures.put(tenant + "/" + state, e.toString());
                }
            }
        }
        Report report = new Report(tenantIds.size(), checked, healthy, waiting, List.copyOf(repairs), raced,
                truncated, failures);
        LOG.info("stuck-order sweep: {} tenants, {} orders checked, {} running, {} waiting for a person, {} started, "
                + "{} restarted, {} escalated, {} changed meanwhile, {} bounds hit, {} failed", report.tenants(),
                checked, healthy, waiting, report.count(Action.STARTED), report.count(Action.RESTARTED),
                report.count(Action.ESCALATED), raced, truncated, failures.size());
        return report;
    }

    private Verdict examine(String tenantId, String orderId, Instant unchangedSince, List<Repair> repairs) {
        Order order = orders.get(tenantId, orderId);
        if (!MID_WORKFLOW.contains(order.state()) || order.updatedAt().isAfter(unchangedSince)) {
            return Verdict.RACED;
        }
        if (reviews.find(tenantId, orderId).filter(s -> Review.OPEN.equals(s.review().status())).isPresent()) {
            return Verdict.WAITING_FOR_PERSON;
        }
        String recorded = order.executionArn();
        boolean ours = recorded != null && recorded.startsWith(executionPrefix);
        String arn = ours ? recorded : fulfilment.executionArn(WorkflowStarter.executionName("order", orderId));
        Optional<ExecutionStatus> status = status(arn);
        if (status.isPresent() && status.get() == ExecutionStatus.RUNNING) {
            return Verdict.HEALTHY;
        }
        Repair repair = status.isEmpty() ? start(order, recorded, arn) : restartOrEscalate(order, arn, status.get());
        repairs.add(repair);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tenant_id", tenantId);
        fields.put("order_id", orderId);
        fields.put("order_state", repair.state().name());
        fields.put("problem", repair.problem());
        fields.put("repair", repair.action().name());
        fields.put("execution_arn", repair.executionArn());
        LOG.info("stuck order repaired", entries(fields));
        return Verdict.REPAIRED;
    }

    /** The execution's status, or empty when there is no such execution. */
    private Optional<ExecutionStatus> status(String executionArn) {
        try {
            return Optional.of(sfn.describeExecution(r -> r.executionArn(executionArn)).status());
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }

    /** Starts the workflow that never ran, under the name the order records (or its own, recorded first). */
    private Repair start(Order order, String recorded, String arn) {
        String problem = recorded == null ? "no fulfilment execution recorded"
                : recorded.equals(arn) ? "its fulfilment execution was never started"
                : "its execution " + recorded + " is not the fulfilment workflow's";
        Order current = order;
        if (!arn.equals(recorded)) {
            current = orders.update(order, ACTOR, "WORKFLOW_STARTED", problem, Map.of("executionArn", arn),
                    b -> b.executionArn(arn));
        }
        fulfilment.start(arn.substring(executionPrefix.length()),
                WorkflowStarter.fulfilmentInput(current.tenantId(), current.orderId(), current.shopId()));
        return new Repair(order.tenantId(), order.orderId(), order.state(), problem, Action.STARTED, arn);
    }

    private Repair restartOrEscalate(Order order, String arn, ExecutionStatus status) {
        int restarts = restartsSinceLastMove(order);
        String problem = "its fulfilment execution " + arn.substring(executionPrefix.length()) + " is " + status;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previousExecutionArn", arn);
        details.put("previousStatus", status.toString());
        details.put("restarts", restarts);
        if (restarts >= settings.maxRestarts()) {
            String reason = "the fulfilment workflow stopped (" + status + ") and " + restarts
                    + (restarts == 1 ? " restart" : " restarts") + " did not move the order on; last execution "
                    + arn;
            orders.transition(order, OrderState.NEEDS_ATTENTION, ACTOR, reason, details, b -> b);
            return new Repair(order.tenantId(), order.orderId(), order.state(), problem, Action.ESCALATED, arn);
        }
        String name = WorkflowStarter.executionName("order", order.orderId() + "-r" + order.version());
        String next = fulfilment.executionArn(name);
        Order recorded = orders.update(order, ACTOR, RESTARTED, problem, details, b -> b.executionArn(next));
        fulfilment.start(name, WorkflowStarter.fulfilmentInput(recorded.tenantId(), recorded.orderId(), recorded.shopId()));
        return new Repair(order.tenantId(), order.orderId(), order.state(), problem, Action.RESTARTED, next);
    }

    /** The sweeper's restarts since the order last moved, was created or had a person's decision. */
    private int restartsSinceLastMove(Order order) {
        List<AuditRecord> history = orders.history(order.tenantId(), order.orderId());
        int restarts = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            String action = history.get(i).action();
            if (ACTIONS_THAT_RESET_RESTARTS.contains(action)) {
                break;
            }
            if (RESTARTED.equals(action)) {
                restarts++;
            }
        }
        return restarts;
    }
}
