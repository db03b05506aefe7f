package com.creatorflow.local.stack;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lambda {@link Context} of one local invocation: request id, function name and a deadline. */
public final class LocalLambdaContext implements Context {
    private static final Logger LOG = LoggerFactory.getLogger("lambda");

    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final int memoryMb;
    private final long deadlineMillis;

    /**
     * @param functionName the function's name (its logical id locally)
     * @param memoryMb the configured memory
     * @param timeoutSeconds the configured timeout, from which the deadline is computed
     */
    public LocalLambdaContext(String functionName, int memoryMb, int timeoutSeconds) {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
    }

    /** A context for tests. */
    public static LocalLambdaContext forTest(String functionName) {
        return new LocalLambdaContext(functionName, 1024, 30);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    /** The one log group every function shares, as the template's {@code FunctionsLogGroup} in AWS. */
    @Override
    public String getLogGroupName() {
        return "/creatorflow/local/functions";
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + LocalClients.REGION + ":" + LocalSqs.ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                LOG.info(message);
            }

            @Override
            public void log(byte[] message) {
                LOG.info(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
