package com.creatorflow.local.sfn.engine;

import java.util.concurrent.CompletionStage;

/**
 * How the engine calls a Lambda function: JSON payload in, JSON result out. A function error completes the stage
 * with a {@link LambdaFailure} carrying Lambda's {@code errorType} (for a Java handler, the fully-qualified class
 * name of the exception it threw) and {@code errorMessage}. An implementation may complete the stage on the calling
 * thread.
 */
@FunctionalInterface
public interface LambdaInvoker {
    /**
     * Invokes a function.
     *
     * @param function the function's ARN (plain or qualified) or name, as the state machine names it
     * @param payload the JSON payload
     * @return the function's JSON result
     */
    CompletionStage<byte[]> invoke(String function, byte[] payload);

    /** An invoker that knows no function. */
    LambdaInvoker NONE = (function, payload) -> java.util.concurrent.CompletableFuture.failedFuture(
            LambdaFailure.notFound(function));
}
