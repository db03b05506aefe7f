package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The optimized service integrations ({@code arn:aws:states:::dynamodb:putItem}, ...) that the engine supports, each
 * executed through an AWS SDK client against the local services. Parameters are the API's request members; the
 * result is the API's response members (plus the SDK metadata that Step Functions adds for DynamoDB and SQS).
 * Service errors surface as {@code <Service>.<ErrorCode>}, e.g. {@code DynamoDB.ConditionalCheckFailedException}.
 */
final class ServiceIntegrations {
    private record Operation(String errorPrefix, Supplier<SdkPojo> builder, Function<Object, SdkPojo> call,
                             boolean sdkMetadata, String[] jsonStringFields) {
    }

    private final Map<String, Operation> operations;

    ServiceIntegrations(AwsServiceClients clients) {
        operations = Map.of(
                "dynamodb:putItem", new Operation("DynamoDB", () -> (SdkPojo) PutItemRequest.builder(),
                        r -> clients.dynamo().get().putItem((PutItemRequest) r), true, new String[0]),
                "dynamodb:getItem", new Operation("DynamoDB", () -> (SdkPojo) GetItemRequest.builder(),
                        r -> clients.dynamo().get().getItem((GetItemRequest) r), true, new String[0]),
                "dynamodb:updateItem", new Operation("DynamoDB", () -> (SdkPojo) UpdateItemRequest.builder(),
                        r -> clients.dynamo().get().updateItem((UpdateItemRequest) r), true, new String[0]),
                "dynamodb:deleteItem", new Operation("DynamoDB", () -> (SdkPojo) DeleteItemRequest.builder(),
                        r -> clients.dynamo().get().deleteItem((DeleteItemRequest) r), true, new String[0]),
                "sqs:sendMessage", new Operation("SQS", () -> (SdkPojo) SendMessageRequest.builder(),
                        r -> clients.sqs().get().sendMessage((SendMessageRequest) r), true,
                        new String[] {"MessageBody"}),
                "events:putEvents", new Operation("EventBridge", () -> (SdkPojo) PutEventsRequest.builder(),
                        r -> checkedPutEvents(clients.eventBridge().get().putEvents((PutEventsRequest) r)), false,
                        new String[0]),
                "states:startExecution", new Operation("StepFunctions",
                        () -> (SdkPojo) StartExecutionRequest.builder(),
                        r -> clients.stepFunctions().get().startExecution((StartExecutionRequest) r), false,
                        new String[] {"Input"}));
    }

    /** True when the engine supports {@code service:action}. */
    boolean supports(String serviceAction) {
        return operations.containsKey(serviceAction);
    }

    /** The supported {@code service:action} names. */
    java.util.Set<String> supported() {
        return operations.keySet();
    }

    /** Calls the service; throws {@link StatesError} named as Step Functions names service errors. */
    JsonNode call(String serviceAction, JsonNode parameters) {
        Operation operation = operations.get(serviceAction);
        JsonNode request = parameters;
        if (serviceAction.equals("events:putEvents")) {
            request = withDetailAsString(parameters);
        }
        for (String field : operation.jsonStringFields) {
            if (request.isObject() && request.has(field) && !request.get(field).isTextual()) {
                ObjectNode copy = ((ObjectNode) request).deepCopy();
                copy.put(field, JsonValues.write(request.get(field)));
                request = copy;
            }
        }
        Object built;
        try {
            built = SdkJson.request(operation.builder.get(), request, serviceAction);
        } catch (IllegalArgumentException e) {
            throw new StatesError(StatesError.RUNTIME, "The Parameters of " + serviceAction + " are not valid: "
                    + e.getMessage());
        }
        SdkPojo response;
        try {
            response = operation.call.apply(built);
        } catch (StatesError e) {
            throw e;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            throw new StatesError(operation.errorPrefix + "." + code, e.getMessage());
        } catch (RuntimeException e) {
            throw new StatesError(operation.errorPrefix + "." + e.getClass().getSimpleName(), e.getMessage());
        }
        ObjectNode out = SdkJson.response(response);
        if (operation.sdkMetadata) {
            String requestId = UUID.randomUUID().toString();
            ObjectNode http = out.putObject("SdkHttpMetadata");
            http.putObject("AllHttpHeaders").putArray("x-amzn-RequestId").add(requestId);
            http.putObject("HttpHeaders").put("x-amzn-RequestId", requestId);
            http.put("HttpStatusCode", 200);
            out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        }
        return out;
    }

    private static JsonNode withDetailAsString(JsonNode parameters) {
        if (!parameters.path("Entries").isArray()) {
            return parameters;
        }
        ObjectNode copy = ((ObjectNode) parameters).deepCopy();
        ArrayNode entries = (ArrayNode) copy.get("Entries");
        for (JsonNode entry : entries) {
            if (entry.isObject() && entry.has("Detail") && !entry.get("Detail").isTextual()) {
                ((ObjectNode) entry).put("Detail", JsonValues.write(entry.get("Detail")));
            }
        }
        return copy;
    }

    private static SdkPojo checkedPutEvents(PutEventsResponse response) {
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new StatesError("EventBridge.FailedEntry", "At least one entry failed: "
                    + JsonValues.write(SdkJson.response(response)));
        }
        return response;
    }
}
