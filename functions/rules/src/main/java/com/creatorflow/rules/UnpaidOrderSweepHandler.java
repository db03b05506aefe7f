package com.creatorflow.rules;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.shared.actions.OrderCancellations;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.rules.UnpaidOrderCanceller;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopDirectory;
import com.creatorflow.shared.workflow.StepFunctionsStarter;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Scheduled: carries out the creators' {@code autoCancelUnpaid} rules ({@link UnpaidOrderCanceller}) for every
 * tenant with a shop. Ages are judged at the schedule's time (the event's {@code time}, else now).
 */
public final class UnpaidOrderSweepHandler implements RequestHandler<ScheduledEvent, UnpaidOrderCanceller.Report> {
    private final UnpaidOrderCanceller canceller;
    private final Supplier<Set<String>> tenants;
    private final Clock clock;

    /** Lambda's constructor. */
    public UnpaidOrderSweepHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public UnpaidOrderSweepHandler(Env env) {
        this(new UnpaidOrderCanceller(RulesService.fromEnv(env), OrderRepository.fromEnv(env),
                new OrderCancellations(OrderRepository.fromEnv(env), new StepFunctionsStarter(
                        env.aws().stepFunctions(), env.require("CANCELLATION_STATE_MACHINE_ARN")))),
                ShopDirectory.fromEnv(env)::tenantIds, Clock.systemUTC());
    }

    /** Explicit collaborators (tests). */
    public UnpaidOrderSweepHandler(UnpaidOrderCanceller canceller, Supplier<Set<String>> tenants, Clock clock) {
        this.canceller = canceller;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public UnpaidOrderCanceller.Report handleRequest(ScheduledEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            Instant now = event != null && event.getTime() != null
                    ? Instant.ofEpochMilli(event.getTime().getMillis()) : clock.instant();
            UnpaidOrderCanceller.Report report = canceller.sweep(tenants.get(), now);
            Telemetry.count("UnpaidOrdersChecked", report.checked());
            Telemetry.count("UnpaidOrdersCancelled", report.cancelled().size());
            Telemetry.count("UnpaidOrderSweepFailed", report.failures().size());
            return report;
        });
    }
}
