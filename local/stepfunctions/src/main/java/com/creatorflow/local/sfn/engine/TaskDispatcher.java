package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Turns a Task's {@code Resource} into a call: a plain Lambda function ARN (the payload goes in, the function's result
 * comes out), {@code arn:aws:states:::lambda:invoke} (the result wrapped as the Invoke API returns it), or another
 * service integration, each optionally with {@code .waitForTaskToken}; nested workflows also run to completion with
 * {@code states:startExecution.sync} (output as text) and {@code .sync:2} (output as JSON).
 */
final class TaskDispatcher {
    private static final String STATES_PREFIX = "arn:aws:states:::";

    private static final String NESTED = "states:startExecution";

    private final LambdaInvoker lambda;
    private final ServiceIntegrations services;
    private final ChildExecutions children;

    TaskDispatcher(LambdaInvoker lambda, AwsServiceClients clients, ChildExecutions children) {
        this.lambda = lambda;
        this.services = new ServiceIntegrations(clients);
        this.children = children;
    }

    /**
     * What a resource ARN names.
     *
     * @param lambdaFunction true for a plain function ARN (history uses LambdaFunction* events)
     * @param resourceType the service, for Task* events ({@code lambda}, {@code dynamodb}, ...)
     * @param resource the action with its suffix, for Task* events ({@code invoke}, {@code putItem.waitForTaskToken})
     * @param serviceAction the integration key ({@code dynamodb:putItem}), or the function ARN
     * @param waitForToken whether the task waits for SendTaskSuccess/Failure
     * @param sync 0, or 1 for {@code .sync} and 2 for {@code .sync:2} (run the nested execution to completion)
     */
    record Target(boolean lambdaFunction, String resourceType, String resource, String serviceAction,
                  boolean waitForToken, int sync) {
    }

    /** Parses a resource; returns null with {@code problem} describing why when the engine cannot run it. */
    Target target(String arn, StringBuilder problem) {
        if (arn.startsWith("arn:aws:lambda:") && arn.contains(":function:")) {
            return new Target(true, "lambda", arn, arn, false, 0);
        }
        if (!arn.startsWith(STATES_PREFIX)) {
            problem.append("The resource '").append(arn).append("' is not supported by the local engine "
                    + "(Lambda function ARNs and arn:aws:states::: service integrations are)");
            return null;
        }
        String rest = arn.substring(STATES_PREFIX.length());
        int sync = rest.equals(NESTED + ".sync:2") ? 2 : rest.equals(NESTED + ".sync") ? 1 : 0;
        if (sync > 0) {
            return new Target(false, "states", rest.substring("states:".length()), NESTED, false, sync);
        }
        boolean token = rest.endsWith(".waitForTaskToken");
        String serviceAction = token ? rest.substring(0, rest.length() - ".waitForTaskToken".length()) : rest;
        int colon = serviceAction.indexOf(':');
        if (colon < 0) {
            problem.append("The resource '").append(arn).append("' is not a valid service integration ARN");
            return null;
        }
        if (!serviceAction.equals("lambda:invoke") && !services.supports(serviceAction)) {
            problem.append("The service integration '").append(rest).append("' is not supported by the local engine "
                    + "(supported: lambda:invoke, ").append(String.join(", ", new java.util.TreeSet<>(
                    services.supported()))).append(", each also with .waitForTaskToken, and "
                    + NESTED + ".sync / .sync:2)");
            return null;
        }
        return new Target(false, serviceAction.substring(0, colon), rest.substring(colon + 1), serviceAction, token,
                0);
    }

    /** Starts the call; the stage fails with a {@link StatesError} named as Step Functions names the failure. */
    CompletionStage<JsonNode> call(Target target, JsonNode parameters) {
        try {
            if (target.lambdaFunction()) {
                return invoke(target.serviceAction(), parameters, false);
            }
            if (target.serviceAction().equals("lambda:invoke")) {
                JsonNode function = parameters.get("FunctionName");
                if (function == null || !function.isTextual()) {
                    throw StatesError.runtime("The field 'FunctionName' is required by lambda:invoke");
                }
                String name = function.asText();
                if (parameters.hasNonNull("Qualifier")) {
                    name = name + ":" + parameters.get("Qualifier").asText();
                }
                JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : JsonValues.NODES.objectNode();
                boolean async = "Event".equals(parameters.path("InvocationType").asText());
                return invoke(name, payload, true).thenApply(result -> wrapInvokeResult(result, async));
            }
            if (target.sync() > 0) {
                return runNested(parameters, target.sync() == 2);
            }
            return CompletableFuture.completedFuture(services.call(target.serviceAction(), parameters));
        } catch (StatesError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Starts a nested execution and completes with its DescribeExecution view when it ends; a nested execution that
     * fails, times out or is aborted fails the task with {@code States.TaskFailed}, its view as the cause. Started
     * again after a crash with the same name and input, it attaches to the same execution.
     */
    private CompletionStage<JsonNode> runNested(JsonNode parameters, boolean outputAsJson) {
        JsonNode machine = parameters.get("StateMachineArn");
        if (machine == null || !machine.isTextual()) {
            throw StatesError.runtime("The field 'StateMachineArn' is required by " + NESTED);
        }
        JsonNode input = parameters.get("Input");
        String inputText = input == null || input.isNull() ? "{}"
                : input.isTextual() ? input.asText() : JsonValues.write(input);
        String name = parameters.hasNonNull("Name") ? parameters.get("Name").asText() : null;
        ExecutionView started;
        try {
            started = children.start(machine.asText(), name, inputText);
        } catch (SfnException e) {
            throw new StatesError("StepFunctions." + e.code() + "Exception", e.getMessage());
        }
        return children.whenFinished(started.executionArn()).thenApply(done -> {
            ObjectNode view = describe(done, outputAsJson);
            if (done.status() != ExecutionStatus.SUCCEEDED) {
                throw new CompletionException(new StatesError(StatesError.TASK_FAILED, JsonValues.write(view)));
            }
            return view;
        });
    }

    private static ObjectNode describe(ExecutionView done, boolean outputAsJson) {
        ObjectNode view = JsonValues.NODES.objectNode();
        view.put("ExecutionArn", done.executionArn());
        view.put("StateMachineArn", done.stateMachineArn());
        view.put("Name", done.name());
        view.put("Status", done.status().name());
        view.put("StartDate", done.startDate());
        if (done.stopDate() != null) {
            view.put("StopDate", done.stopDate());
        }
        if (outputAsJson) {
            view.set("Input", JsonValues.parse(done.input()));
            view.putObject("InputDetails").put("Included", true);
        } else {
            view.put("Input", done.input());
            view.putObject("InputDetails").put("Included", true);
        }
        if (done.output() != null) {
            if (outputAsJson) {
                view.set("Output", JsonValues.parse(done.output()));
            } else {
                view.put("Output", done.output());
            }
            view.putObject("OutputDetails").put("Included", true);
        }
        if (done.error() != null) {
            view.put("Error", done.error());
        }
        if (done.cause() != null) {
            view.put("Cause", done.cause());
        }
        return view;
    }

    private CompletionStage<JsonNode> invoke(String function, JsonNode payload, boolean wrapped) {
        byte[] bytes = JsonValues.bytes(payload);
        CompletionStage<byte[]> stage;
        try {
            stage = lambda.invoke(function, bytes);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((result, failure) -> {
            if (failure != null) {
                throw new CompletionException(lambdaError(failure));
            }
            return parseResult(result);
        });
    }

    private static JsonNode parseResult(byte[] result) {
        if (result == null || result.length == 0) {
            return JsonValues.NODES.nullNode();
        }
        try {
            return JsonValues.parse(result);
        } catch (IllegalArgumentException e) {
            return JsonValues.NODES.textNode(new String(result, StandardCharsets.UTF_8));
        }
    }

    private static StatesError lambdaError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StatesError error) {
            return error;
        }
        LambdaFailure lambdaFailure = cause instanceof LambdaFailure known ? known : LambdaFailure.of(cause);
        if (lambdaFailure.serviceError()) {
            return new StatesError(lambdaFailure.errorType(), lambdaFailure.errorMessage());
        }
        ObjectNode errorPayload = JsonValues.NODES.objectNode();
        errorPayload.put("errorMessage", lambdaFailure.errorMessage());
        errorPayload.put("errorType", lambdaFailure.errorType());
        lambdaFailure.stackTraceLines().forEach(errorPayload.putArray("stackTrace")::add);
        if (lambdaFailure.stackTraceLines().isEmpty()) {
            errorPayload.putArray("stackTrace");
        }
        return new StatesError(lambdaFailure.errorType(), JsonValues.write(errorPayload));
    }

    private static JsonNode wrapInvokeResult(JsonNode payload, boolean async) {
        ObjectNode out = JsonValues.NODES.objectNode();
        String requestId = UUID.randomUUID().toString();
        out.put("ExecutedVersion", "$LATEST");
        if (!async) {
            out.set("Payload", payload);
        }
        ObjectNode http = out.putObject("SdkHttpMetadata");
        ObjectNode all = http.putObject("AllHttpHeaders");
        all.putArray("X-Amz-Executed-Version").add("$LATEST");
        all.putArray("x-amzn-RequestId").add(requestId);
        all.putArray("Content-Type").add("application/json");
        ObjectNode headers = http.putObject("HttpHeaders");
        headers.put("X-Amz-Executed-Version", "$LATEST");
        headers.put("x-amzn-RequestId", requestId);
        headers.put("Content-Type", "application/json");
        http.put("HttpStatusCode", async ? 202 : 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", async ? 202 : 200);
        return out;
    }
}
