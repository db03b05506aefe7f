package com.creatorflow.shared.workflow;

import com.creatorflow.shared.config.Env;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts an order's workflow exactly once: the execution name is derived from the order id, so a replayed message
 * that starts it again is a no-op ({@code ExecutionAlreadyExists} counts as success).
 */
public interface WorkflowStarter {
    /**
     * Starts (or finds) the execution.
     *
     * @param executionName a name derived from the order id (at most 80 characters)
     * @param input the execution input (serialised as JSON)
     * @return the execution ARN
     */
    Optional<String> start(String executionName, Object input);

    /** The ARN an execution of this name has (or will have once started), so it can be recorded before the start. */
    String executionArn(String executionName);

    /** The execution name of an order's workflow of a kind ({@code order-<orderId>}, {@code cancel-<orderId>}). */
    static String executionName(String kind, String orderId) {
        String name = kind + "-" + orderId;
        return name.length() <= 80 ? name : name.substring(0, 80);
    }

    /** The input of an order's fulfilment workflow (order-fulfilment.asl.json reads tenant, order and shop). */
    static Map<String, Object> fulfilmentInput(String tenantId, String orderId, String shopId) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("tenantId", tenantId);
        input.put("orderId", orderId);
        input.put("shopId", shopId);
        return input;
    }

    /** The starter for the state machine whose ARN is in an environment variable (wired in template.yaml). */
    static WorkflowStarter fromEnv(Env env, String arnVariable) {
        return new StepFunctionsStarter(env.aws().stepFunctions(), env.require(arnVariable));
    }
}
