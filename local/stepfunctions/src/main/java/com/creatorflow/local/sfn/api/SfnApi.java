package com.creatorflow.local.sfn.api;

import com.creatorflow.local.sfn.asl.InvalidDefinitionException;
import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.MapRunView;
import com.creatorflow.local.sfn.engine.HistoryEvent;
import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StateMachine;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The operations of the Step Functions API (JSON 1.0 protocol) over the engine: request members in, response members
 * out, as AWS names them, so that the AWS SDKs and CLI work unchanged. Errors are {@link SfnException}s with AWS's
 * error codes.
 */
public final class SfnApi {
    private static final int DEFAULT_PAGE = 100;

    private final StepFunctionsEngine engine;

    /** @param engine the engine to serve */
    public SfnApi(StepFunctionsEngine engine) {
        this.engine = engine;
    }

    /** Runs one operation ({@code StartExecution}, ...) on its JSON request. */
    public ObjectNode call(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateStateMachine" -> createStateMachine(request);
            case "UpdateStateMachine" -> updateStateMachine(request);
            case "DeleteStateMachine" -> {
                engine.deleteStateMachine(required(request, "stateMachineArn"));
                yield JsonValues.NODES.objectNode();
            }
            case "DescribeStateMachine" -> describeStateMachine(engine.describeStateMachine(
                    required(request, "stateMachineArn")));
            case "ListStateMachines" -> listStateMachines(request);
            case "ValidateStateMachineDefinition" -> validate(request);
            case "StartExecution" -> {
                ExecutionView view = engine.startExecution(required(request, "stateMachineArn"),
                        text(request, "name"), text(request, "input"));
                ObjectNode out = JsonValues.NODES.objectNode();
                out.put("executionArn", view.executionArn());
                out.put("startDate", seconds(view.startDate()));
                yield out;
            }
            case "StartSyncExecution" -> startSync(request);
            case "DescribeExecution" -> describeExecution(engine.describeExecution(standardExecution(request)));
            case "ListExecutions" -> listExecutions(request);
            case "ListMapRuns" -> listMapRuns(request);
            case "DescribeMapRun" -> describeMapRun(engine.describeMapRun(required(request, "mapRunArn")));
            case "GetExecutionHistory" -> history(request);
            case "StopExecution" -> {
                ExecutionView view = engine.stopExecution(required(request, "executionArn"), text(request, "error"),
                        text(request, "cause"));
                ObjectNode out = JsonValues.NODES.objectNode();
                out.put("stopDate", seconds(view.stopDate() == null ? System.currentTimeMillis() : view.stopDate()));
                yield out;
            }
            case "RedriveExecution" -> {
                ExecutionView view = engine.redriveExecution(required(request, "executionArn"));
                ObjectNode out = JsonValues.NODES.objectNode();
                out.put("redriveDate", seconds(view.redriveDate()));
                yield out;
            }
            case "SendTaskSuccess" -> {
                engine.sendTaskSuccess(required(request, "taskToken"), required(request, "output"));
                yield JsonValues.NODES.objectNode();
            }
            case "SendTaskFailure" -> {
                engine.sendTaskFailure(required(request, "taskToken"), text(request, "error"), text(request, "cause"));
                yield JsonValues.NODES.objectNode();
            }
            case "SendTaskHeartbeat" -> {
                engine.sendTaskHeartbeat(required(request, "taskToken"));
                yield JsonValues.NODES.objectNode();
            }
            default -> throw new SfnException("UnknownOperationException",
                    "The operation " + operation + " is not supported by the local Step Functions engine");
        };
    }

    private ObjectNode createStateMachine(JsonNode request) {
        StateMachine machine;
        try {
            machine = engine.createStateMachine(required(request, "name"), required(request, "definition"),
                    text(request, "roleArn"), text(request, "type"));
        } catch (StepFunctionsEngine.InvalidDefinition e) {
            throw new SfnException("InvalidDefinition", e.getMessage());
        }
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("stateMachineArn", machine.arn());
        out.put("creationDate", seconds(machine.creationDate()));
        return out;
    }

    private ObjectNode updateStateMachine(JsonNode request) {
        StateMachine machine;
        try {
            machine = engine.updateStateMachine(required(request, "stateMachineArn"), text(request, "definition"),
                    text(request, "roleArn"));
        } catch (StepFunctionsEngine.InvalidDefinition e) {
            throw new SfnException("InvalidDefinition", e.getMessage());
        }
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("updateDate", seconds(System.currentTimeMillis()));
        out.put("revisionId", machine.revisionId());
        return out;
    }

    private ObjectNode validate(JsonNode request) {
        ObjectNode out = JsonValues.NODES.objectNode();
        ArrayNode diagnostics = out.putArray("diagnostics");
        try {
            engine.validate(required(request, "definition"));
            out.put("result", "OK");
        } catch (StepFunctionsEngine.InvalidDefinition e) {
            out.put("result", "FAIL");
            for (InvalidDefinitionException.Diagnostic diagnostic : e.diagnostics()) {
                ObjectNode d = diagnostics.addObject();
                d.put("severity", "ERROR");
                d.put("code", diagnostic.code());
                d.put("message", diagnostic.message());
                if (diagnostic.location() != null) {
                    d.put("location", diagnostic.location());
                }
            }
        }
        out.put("truncated", false);
        return out;
    }

    private static ObjectNode describeStateMachine(StateMachine machine) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("stateMachineArn", machine.arn());
        out.put("name", machine.name());
        out.put("status", "ACTIVE");
        out.put("definition", machine.definition().text());
        out.put("roleArn", machine.roleArn());
        out.put("type", machine.type());
        out.put("creationDate", seconds(machine.creationDate()));
        ObjectNode logging = out.putObject("loggingConfiguration");
        logging.put("level", "OFF");
        logging.put("includeExecutionData", false);
        out.putObject("tracingConfiguration").put("enabled", false);
        out.put("revisionId", machine.revisionId());
        return out;
    }

    private ObjectNode listStateMachines(JsonNode request) {
        List<StateMachine> all = engine.listStateMachines();
        ObjectNode out = JsonValues.NODES.objectNode();
        ArrayNode items = out.putArray("stateMachines");
        page(all, request, out, machine -> {
            ObjectNode item = JsonValues.NODES.objectNode();
            item.put("stateMachineArn", machine.arn());
            item.put("name", machine.name());
            item.put("type", machine.type());
            item.put("creationDate", seconds(machine.creationDate()));
            return item;
        }, items);
        return out;
    }

    private ObjectNode startSync(JsonNode request) {
        ExecutionView view = engine.startSyncExecution(required(request, "stateMachineArn"), text(request, "name"),
                text(request, "input"), Duration.ofMinutes(5));
        ObjectNode out = describeExecution(view);
        out.remove("redriveCount");
        out.remove("redriveStatus");
        out.remove("redriveStatusReason");
        ObjectNode billing = out.putObject("billingDetails");
        billing.put("billedMemoryUsedInMB", 64);
        billing.put("billedDurationInMilliseconds", Math.max(100, (view.stopDate() == null ? 0
                : view.stopDate() - view.startDate())));
        return out;
    }

    private static ObjectNode describeExecution(ExecutionView view) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("executionArn", view.executionArn());
        out.put("stateMachineArn", view.stateMachineArn());
        out.put("name", view.name());
        out.put("status", view.status().name());
        out.put("startDate", seconds(view.startDate()));
        if (view.stopDate() != null) {
            out.put("stopDate", seconds(view.stopDate()));
        }
        out.put("input", view.input());
        out.putObject("inputDetails").put("included", true);
        if (view.output() != null) {
            out.put("output", view.output());
            out.putObject("outputDetails").put("included", true);
        }
        if (view.error() != null) {
            out.put("error", view.error());
        }
        if (view.cause() != null) {
            out.put("cause", view.cause());
        }
        out.put("redriveCount", view.redriveCount());
        if (view.redriveDate() != null) {
            out.put("redriveDate", seconds(view.redriveDate()));
        }
        out.put("redriveStatus", view.redrivable() ? "REDRIVABLE" : "NOT_REDRIVABLE");
        JsonValues.putIfNotNull(out, "mapRunArn", view.mapRunArn());
        if (!view.redrivable()) {
            out.put("redriveStatusReason", view.status() == ExecutionStatus.RUNNING ? "Execution is RUNNING and "
                    + "cannot be redriven" : "Execution is " + view.status() + " and cannot be redriven");
        }
        return out;
    }

    private ObjectNode listExecutions(JsonNode request) {
        ExecutionStatus status = null;
        if (request.hasNonNull("statusFilter")) {
            try {
                status = ExecutionStatus.valueOf(request.get("statusFilter").asText());
            } catch (IllegalArgumentException e) {
                throw new SfnException("ValidationException", "1 validation error detected: Value '"
                        + request.get("statusFilter").asText() + "' at 'statusFilter' failed to satisfy constraint");
            }
        }
        List<ExecutionView> all = request.hasNonNull("mapRunArn")
                ? engine.listMapRunExecutions(request.get("mapRunArn").asText(), status)
                : engine.listExecutions(required(request, "stateMachineArn"), status);
        ObjectNode out = JsonValues.NODES.objectNode();
        ArrayNode items = out.putArray("executions");
        page(all, request, out, view -> {
            ObjectNode item = JsonValues.NODES.objectNode();
            item.put("executionArn", view.executionArn());
            item.put("stateMachineArn", view.stateMachineArn());
            item.put("name", view.name());
            item.put("status", view.status().name());
            item.put("startDate", seconds(view.startDate()));
            if (view.stopDate() != null) {
                item.put("stopDate", seconds(view.stopDate()));
            }
            item.put("redriveCount", view.redriveCount());
            if (view.redriveDate() != null) {
                item.put("redriveDate", seconds(view.redriveDate()));
            }
            JsonValues.putIfNotNull(item, "mapRunArn", view.mapRunArn());
            return item;
        }, items);
        return out;
    }

    private ObjectNode listMapRuns(JsonNode request) {
        ObjectNode out = JsonValues.NODES.objectNode();
        ArrayNode items = out.putArray("mapRuns");
        page(engine.listMapRuns(required(request, "executionArn")), request, out, run -> {
            ObjectNode item = JsonValues.NODES.objectNode();
            item.put("executionArn", run.executionArn());
            item.put("mapRunArn", run.mapRunArn());
            item.put("stateMachineArn", run.stateMachineArn());
            item.put("startDate", seconds(run.startDate()));
            if (run.stopDate() != null) {
                item.put("stopDate", seconds(run.stopDate()));
            }
            return item;
        }, items);
        return out;
    }

    private static ObjectNode describeMapRun(MapRunView run) {
        ObjectNode out = JsonValues.NODES.objectNode();
        out.put("mapRunArn", run.mapRunArn());
        out.put("executionArn", run.executionArn());
        out.put("status", run.status());
        out.put("startDate", seconds(run.startDate()));
        if (run.stopDate() != null) {
            out.put("stopDate", seconds(run.stopDate()));
        }
        out.put("maxConcurrency", run.maxConcurrency());
        out.put("toleratedFailurePercentage", run.toleratedFailurePercentage() == null ? 0.0
                : run.toleratedFailurePercentage());
        out.put("toleratedFailureCount", run.toleratedFailureCount() == null ? 0 : run.toleratedFailureCount());
        ObjectNode items = out.putObject("itemCounts");
        run.itemCounts().forEach(items::put);
        items.put("resultsWritten", 0);
        ObjectNode executions = out.putObject("executionCounts");
        run.executionCounts().forEach(executions::put);
        executions.put("resultsWritten", 0);
        out.put("redriveCount", 0);
        return out;
    }

    /**
     * The {@code executionArn} of a request that AWS answers for Standard executions only: Express executions have no
     * history and cannot be described through the API (their events are in CloudWatch Logs).
     */
    private static String standardExecution(JsonNode request) {
        String arn = required(request, "executionArn");
        if (arn.contains(":express:")) {
            throw new SfnException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
        }
        return arn;
    }

    private ObjectNode history(JsonNode request) {
        List<HistoryEvent> events = engine.history(standardExecution(request));
        if (request.path("reverseOrder").asBoolean(false)) {
            events = new java.util.ArrayList<>(events);
            java.util.Collections.reverse(events);
        }
        boolean includeData = request.path("includeExecutionData").asBoolean(true);
        ObjectNode out = JsonValues.NODES.objectNode();
        ArrayNode items = out.putArray("events");
        page(events, request, out, event -> {
            ObjectNode item = JsonValues.NODES.objectNode();
            item.put("timestamp", seconds(event.timestamp()));
            item.put("type", event.type());
            item.put("id", event.id());
            item.put("previousEventId", event.previousEventId());
            if (event.detailsKey() != null) {
                ObjectNode details = event.details().deepCopy();
                if (!includeData) {
                    details.remove(List.of("input", "output", "parameters"));
                }
                item.set(event.detailsKey(), details);
            }
            return item;
        }, items);
        return out;
    }

    private static <T> void page(List<T> all, JsonNode request, ObjectNode out, Function<T, ObjectNode> render,
                                 ArrayNode items) {
        int size = request.path("maxResults").asInt(0);
        if (size <= 0) {
            size = DEFAULT_PAGE;
        }
        size = Math.min(size, 1000);
        int start = 0;
        if (request.hasNonNull("nextToken")) {
            try {
                start = Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(
                        request.get("nextToken").asText()), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new SfnException("InvalidToken", "Invalid Token: '" + request.get("nextToken").asText() + "'");
            }
        }
        int end = Math.min(all.size(), start + size);
        for (int i = start; i < end; i++) {
            items.add(render.apply(all.get(i)));
        }
        if (end < all.size()) {
            out.put("nextToken", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    String.valueOf(end).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null) {
            throw new SfnException("ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
