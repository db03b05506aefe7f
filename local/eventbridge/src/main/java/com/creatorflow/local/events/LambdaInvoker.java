package com.creatorflow.local.events;

/**
 * Hands an event to a Lambda function the way EventBridge does: an asynchronous invocation. Accepting it is the
 * delivery; what the function then does (its errors, Lambda's own async retries and the function's dead-letter
 * queue) is the invoker's business, as in AWS.
 */
public interface LambdaInvoker {
    /**
     * Queues an asynchronous invocation.
     *
     * @param functionArn the function's ARN (or name)
     * @param payload the JSON payload
     * @throws DeliveryFailure when the invocation is not accepted (no such function, throttled)
     */
    void invokeAsync(String functionArn, String payload) throws DeliveryFailure;
}
