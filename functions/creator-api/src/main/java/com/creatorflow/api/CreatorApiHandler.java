package com.creatorflow.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.actions.OrderActions;
import com.creatorflow.shared.actions.OrderCancellations;
import com.creatorflow.shared.bulk.BulkJobStore;
import com.creatorflow.shared.bulk.BulkJobs;
import com.creatorflow.shared.bulk.domain.BulkLabelsNotReady;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.shipping.Handover;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.store.AuditLog;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.OrderFilters;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.WorkflowStarter;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The creators' orders API: list, search and filter orders (state, needs attention, SKU, tag, carrier, TikTok
 * status, created, paid and updated time, order id, tracking number, buyer name or phone; sorted by created or
 * updated time), read one order (with its {@code ETag}), read its timeline (the audit trail with its chain check),
 * cancel an order, mark its parcels handed to the carrier, act on one order (hold, release, shipping address, split,
 * note, tags; each honours {@code If-Match} and answers the changed order with its new {@code ETag}), and run bulk
 * jobs over up to 10,000 orders (start, progress, cancel, per-order results as CSV, merged labels).
 */
public final class CreatorApiHandler extends ApiHandler {
    /** A bulk job names up to {@value BulkJobs#MAX_ORDERS} ids of up to 128 characters. */
    private static final int BULK_BODY_BYTES = 1_400 * 1024;
    private final OrderRepository orders;
    private final OrderCancellations cancellations;
    private final OrderActions actions;
    private final BulkJobs bulk;
    private final S3LabelStore labels;
    private final Handover handover;

    /** Lambda's constructor: collaborators from the process environment. */
    public CreatorApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public CreatorApiHandler(Env env) {
        this(OrderRepository.fromEnv(env), new OrderCancellations(OrderRepository.fromEnv(env),
                WorkflowStarter.fromEnv(env, "CANCELLATION_STATE_MACHINE_ARN")),
                new OrderActions(OrderRepository.fromEnv(env), new ReviewService(OrderRepository.fromEnv(env),
                        new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                        new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC())),
                new BulkJobs(new BulkJobStore(env.aws().dynamo(), env.require("BULK_JOBS_TABLE"), Clock.systemUTC()),
                        env.aws().sqs(), env.require("BULK_JOBS_QUEUE_URL")),
                S3LabelStore.fromEnv(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public CreatorApiHandler(OrderRepository orders, OrderCancellations cancellations, OrderActions actions,
                             BulkJobs bulk, S3LabelStore labels, ApiGuard guard) {
        super(guard);
        this.orders = orders;
        this.cancellations = cancellations;
        this.actions = actions;
        this.bulk = bulk;
        this.labels = labels;
        this.handover = new Handover(orders);
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/orders" -> listOrders(request, tenant);
            case "GET /v1/orders/{orderId}" -> {
                Order order = orderOf(request, tenant);
                yield ApiResponses.json(200, order, order.version());
            }
            case "GET /v1/orders/{orderId}/audit" -> audit(orderOf(request, tenant));
            case "POST /v1/orders/{orderId}/cancel" -> cancel(request, tenant);
            case "POST /v1/orders/{orderId}/shipped" -> ApiResponses.json(200, handover.markShipped(tenant,
                    request.path("orderId"), "user:" + request.memberId()));
            case "POST /v1/orders/{orderId}/hold" -> {
                JsonNode body = request.optionalJsonBody("reason");
                yield changed(actions.hold(tenant, orderIdOf(request), textOrNull(body, "reason"), actor(request),
                        request.ifMatchVersion()));
            }
            case "POST /v1/orders/{orderId}/release" -> {
                JsonNode body = request.optionalJsonBody("note");
                yield changed(actions.release(tenant, orderIdOf(request), textOrNull(body, "note"), actor(request),
                        request.ifMatchVersion()));
            }
            case "PUT /v1/orders/{orderId}/shipping-address" -> {
                JsonNode body = request.jsonBody("name", "line1", "line2", "city", "region", "postalCode",
                        "country", "phone");
                yield changed(actions.editAddress(tenant, orderIdOf(request),
                        ApiRequest.bind(body, Address.class, "shippingAddress"), actor(request),
                        request.ifMatchVersion()));
            }
            case "POST /v1/orders/{orderId}/split" -> {
                JsonNode body = request.jsonBody("packages");
                yield changed(actions.split(tenant, orderIdOf(request), packages(body), actor(request),
                        request.ifMatchVersion()));
            }
            case "POST /v1/orders/{orderId}/notes" -> {
                JsonNode body = request.jsonBody("note");
                yield changed(actions.note(tenant, orderIdOf(request), textOrNull(body, "note"), actor(request),
                        request.ifMatchVersion()));
            }
            case "POST /v1/orders/{orderId}/tags" -> {
                JsonNode body = request.jsonBody("add", "remove");
                yield changed(actions.tags(tenant, orderIdOf(request), strings(body, "add"), strings(body, "remove"),
                        actor(request), request.ifMatchVersion()));
            }
            case "POST /v1/bulk-actions" -> startBulk(request, tenant);
            case "GET /v1/bulk-actions/{jobId}" -> ApiResponses.json(200, bulk.status(tenant, request.path("jobId")));
            case "POST /v1/bulk-actions/{jobId}/cancel" ->
                    ApiResponses.json(200, bulk.cancel(tenant, request.path("jobId")));
            case "GET /v1/bulk-actions/{jobId}/results" -> csv(request.path("jobId"),
                    bulk.resultsCsv(tenant, request.path("jobId")));
            case "GET /v1/bulk-actions/{jobId}/labels" -> ApiResponses.json(200, labels.objectLink(
                    bulk.labelsKey(tenant, request.path("jobId")).orElseThrow(() -> new BulkLabelsNotReady(
                            request.path("jobId")))));
            default -> noRoute(request);
        };
    }

    private Order orderOf(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        return orders.get(tenant, orderId);
    }

    private APIGatewayV2HTTPResponse listOrders(ApiRequest request, String tenant) {
        int limit = request.queryInt("limit", 50, 1, 100);
        String cursor = request.query("cursor").orElse(null);
        Optional<String> orderId = request.queryId("q");
        if (orderId.isPresent()) {
            return ApiResponses.json(200, new Page<>(orders.find(tenant, orderId.get()).stream().toList(), null));
        }
        OrderQuery query = OrderFilters.parse(request::query, "");
        return ApiResponses.json(200, orders.search(tenant, query, limit, cursor));
    }

    private APIGatewayV2HTTPResponse cancel(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        JsonNode body = request.optionalJsonBody("reason");
        if (request.ifMatchVersion().isPresent()) {
            request.requireMatch(orders.get(tenant, orderId).version());
        }
        String executionArn = cancellations.cancel(tenant, orderId, textOrNull(body, "reason"),
                "user:" + request.subject());
        return ApiResponses.json(202, Map.of("orderId", orderId, "executionArn", executionArn));
    }

    private String orderIdOf(ApiRequest request) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        return orderId;
    }

    private static String actor(ApiRequest request) {
        return "user:" + request.subject();
    }

    /** A changed order with its new {@code ETag}. */
    private static APIGatewayV2HTTPResponse changed(Order order) {
        return ApiResponses.json(200, order, order.version());
    }

    private static List<List<String>> packages(JsonNode body) {
        JsonNode packages = body.get("packages");
        if (packages == null || !packages.isArray()) {
            throw new ValidationFailed("packages", "packages must be a list of lists of line ids");
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            if (!packages.get(i).isArray()) {
                throw new ValidationFailed("packages[" + i + "]", "a package is a list of line ids");
            }
            out.add(ApiRequest.ids(Json.MAPPER.createObjectNode().set("lineIds", packages.get(i)), "lineIds"));
        }
        return out;
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode values = body.get(field);
        if (values == null || values.isNull()) {
            return List.of();
        }
        if (!values.isArray()) {
            throw new ValidationFailed(field, field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isTextual()) {
                throw new ValidationFailed(field + "[" + i + "]", "must be a string");
            }
            out.add(values.get(i).asText());
        }
        return out;
    }

    private APIGatewayV2HTTPResponse startBulk(ApiRequest request, String tenant) {
        JsonNode body = request.jsonBody(BULK_BODY_BYTES, "action", "orderIds", "filter", "reason", "tags",
                "clientToken");
        Map<String, String> filter = null;
        if (body.hasNonNull("filter")) {
            if (!body.get("filter").isObject()) {
                throw new ValidationFailed("filter", "filter must be an object of the orders list's filters");
            }
            filter = new LinkedHashMap<>();
            for (var field : body.get("filter").properties()) {
                if (!field.getValue().isValueNode()) {
                    throw new ValidationFailed("filter." + field.getKey(), "a filter's value is a string");
                }
                filter.put(field.getKey(), field.getValue().asText());
            }
        }
        List<String> ids = body.hasNonNull("orderIds") ? ApiRequest.ids(body, "orderIds") : null;
        String jobId = bulk.start(tenant, new BulkJobs.Request(textOrNull(body, "action"), ids, filter,
                textOrNull(body, "reason"), strings(body, "tags"), textOrNull(body, "clientToken")), actor(request));
        return ApiResponses.json(202, bulk.status(tenant, jobId));
    }

    private static APIGatewayV2HTTPResponse csv(String jobId, String csv) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/csv; charset=utf-8",
                        "Content-Disposition", "attachment; filename=\"" + jobId + ".csv\""))
                .withBody(csv).build();
    }

    private static String textOrNull(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private APIGatewayV2HTTPResponse audit(Order order) {
        var trail = orders.history(order.tenantId(), order.orderId());
        var verification = AuditLog.verify(trail, order.version(), order.auditHead());
        return ApiResponses.json(200, Map.of("entries", trail, "verification", verification));
    }
}
