package com.creatorflow.shared.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Base of the Lambda handlers that Step Functions calls as workflow steps. It reads the task input with the
 * project's one JSON mapper (so a step sees exactly the same input in Lambda and locally), correlates the logs with
 * the order, runs the step and writes its result. A step throws a {@code CreatorFlowException} to fail: the
 * exception's class name is the error name that the state machine's {@code Retry} and {@code Catch} match.
 *
 * <p>Steps are idempotent: run again for an order that is already past the step, they answer the same result and
 * change nothing, because Step Functions may run a task more than once.
 *
 * @param <I> the task input
 * @param <O> the task result
 */
public abstract class TaskHandler<I, O> implements RequestStreamHandler {
    private final Class<I> inputType;

    protected TaskHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        Telemetry.invoke(context, () -> {
            try {
                I request = Json.MAPPER.readValue(input, inputType);
                if (request instanceof OrderRef ref) {
                    Telemetry.correlate(Telemetry.TENANT_ID, ref.tenantId());
                    Telemetry.correlate(Telemetry.ORDER_ID, ref.orderId());
                }
                O result = handle(request, context);
                Json.MAPPER.writeValue(output, result);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("task input is not valid for " + inputType.getSimpleName(), e);
            }
        });
    }

    /** Runs the step. */
    protected abstract O handle(I input, Context context);
}
