package com.creatorflow.validation;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.ConfigCache;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.shipping.ShippingSettingsStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.validation.OrderValidationService;
import com.creatorflow.shared.workflow.OrderTask;
import com.creatorflow.shared.workflow.TaskHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Workflow step ValidateOrder: the order can be fulfilled and its hold window (the creator's shipping settings,
 * TikTok's hour by default) is over, so it becomes READY.
 */
public final class ValidateOrderHandler extends TaskHandler<OrderTask, OrderValidationService.Outcome> {
    private final OrderValidationService validation;

    /** Lambda's constructor: collaborators from the process environment. */
    public ValidateOrderHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ValidateOrderHandler(Env env) {
        this(new OrderValidationService(OrderRepository.fromEnv(env), Clock.systemUTC(),
                Long.parseLong(env.get("HIGH_VALUE_THRESHOLD_MINOR",
                        Long.toString(OrderValidationService.DEFAULT_HIGH_VALUE_MINOR))),
                holdWindows(new ShippingSettingsStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"), null),
                        ConfigCache.maxAge(env))));
    }

    /** Explicit collaborators (tests). */
    public ValidateOrderHandler(OrderValidationService validation) {
        super(OrderTask.class);
        this.validation = validation;
    }

    /** The creators' hold windows, each served from memory for {@code maxAge} ({@link ConfigCache}). */
    static Function<String, Duration> holdWindows(ShippingSettingsStore settings, Duration maxAge) {
        ConfigCache<Duration> cache = new ConfigCache<>(maxAge, Clock.systemUTC());
        return tenantId -> cache.get(tenantId, settings::holdWindow);
    }

    @Override
    protected OrderValidationService.Outcome handle(OrderTask task, Context context) {
        return validation.validate(task.tenantId(), task.orderId(), "workflow:validate-order");
    }
}
