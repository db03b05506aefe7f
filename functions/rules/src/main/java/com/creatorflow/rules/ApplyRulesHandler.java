package com.creatorflow.rules;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.ConfigCache;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.rules.ApplyRulesResult;
import com.creatorflow.shared.rules.RuleDecision;
import com.creatorflow.shared.rules.RuleSetStore;
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.TaskHandler;
import java.time.Clock;

/**
 * The ApplyCreatorRules workflow step: evaluates the creator's active rules on the order, sets the tags and priority
 * they decide and records the decision in the order's audit trail (one write), and returns the decision for the
 * steps after it. Idempotent: run again, it returns the recorded decision.
 */
public final class ApplyRulesHandler extends TaskHandler<ApplyRulesInput, ApplyRulesResult> {
    /** The audit actor of this step. */
    public static final String ACTOR = "workflow:ApplyCreatorRules";

    private final RulesService rules;

    /** Lambda's constructor: collaborators from the process environment. */
    public ApplyRulesHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ApplyRulesHandler(Env env) {
        this(new RulesService(RuleSetStore.fromEnv(env), OrderRepository.fromEnv(env), Clock.systemUTC(),
                ConfigCache.maxAge(env)));
    }

    /** Explicit collaborators (tests). */
    public ApplyRulesHandler(RulesService rules) {
        super(ApplyRulesInput.class);
        this.rules = rules;
    }

    @Override
    protected ApplyRulesResult handle(ApplyRulesInput input, Context context) {
        if (input.tenantId() == null || input.orderId() == null) {
            throw new ValidationFailed(input.tenantId() == null ? "tenantId" : "orderId",
                    "the step input needs tenantId and orderId");
        }
        RuleDecision decision = rules.applyAndRecord(input.tenantId(), input.orderId(), ACTOR,
                Boolean.TRUE.equals(input.reapply()));
        Telemetry.count(decision.outcome().hold() ? "RulesHeldOrder" : "RulesAppliedToOrder");
        return ApplyRulesResult.of(decision);
    }
}
