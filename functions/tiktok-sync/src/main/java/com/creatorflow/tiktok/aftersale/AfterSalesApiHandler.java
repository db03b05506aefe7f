package com.creatorflow.tiktok.aftersale;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.aftersale.domain.RejectReasons;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.aftersale.BuyerRequests;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * Buyers' returns and cancellation requests: list them (by status, by order), read one (with its ETag), approve or
 * reject one (a rejection names one of TikTok's reasons; {@code If-Match} is honoured), and TikTok's reject reasons.
 * Another tenant's request answers 404 like a missing one.
 */
public final class AfterSalesApiHandler extends ApiHandler {
    private static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "REJECTED", "COMPLETED", "WITHDRAWN");

    private final BuyerRequests requests;

    /** Lambda's constructor: collaborators from the process environment. */
    public AfterSalesApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public AfterSalesApiHandler(Env env) {
        this(requests(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public AfterSalesApiHandler(BuyerRequests requests, ApiGuard guard) {
        super(guard);
        this.requests = requests;
    }

    private static BuyerRequests requests(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        return BuyerRequests.fromEnv(env, shops, TikTokShopClient.fromEnv(env, shops));
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/returns" -> list(request, tenant, BuyerRequest.Kind.RETURN);
            case "GET /v1/cancellation-requests" -> list(request, tenant, BuyerRequest.Kind.CANCELLATION);
            case "GET /v1/returns/{returnId}" -> one(requests.get(tenant, BuyerRequest.Kind.RETURN,
                    request.path("returnId")), 200);
            case "GET /v1/cancellation-requests/{cancelId}" -> one(requests.get(tenant,
                    BuyerRequest.Kind.CANCELLATION, request.path("cancelId")), 200);
            case "POST /v1/returns/{returnId}/approve" -> decide(request, tenant, BuyerRequest.Kind.RETURN,
                    "returnId", true);
            case "POST /v1/returns/{returnId}/reject" -> decide(request, tenant, BuyerRequest.Kind.RETURN,
                    "returnId", false);
            case "POST /v1/cancellation-requests/{cancelId}/approve" -> decide(request, tenant,
                    BuyerRequest.Kind.CANCELLATION, "cancelId", true);
            case "POST /v1/cancellation-requests/{cancelId}/reject" -> decide(request, tenant,
                    BuyerRequest.Kind.CANCELLATION, "cancelId", false);
            case "GET /v1/reject-reasons" -> ApiResponses.json(200, Map.of(
                    "CANCELLATION", RejectReasons.of(BuyerRequest.Kind.CANCELLATION),
                    "RETURN", RejectReasons.of(BuyerRequest.Kind.RETURN)));
            default -> noRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request, String tenant, BuyerRequest.Kind kind) {
        String status = request.query("status").orElse(null);
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationFailed("status", "status must be one of " + STATUSES);
        }
        return ApiResponses.json(200, requests.list(tenant, kind, status, request.queryId("orderId").orElse(null),
                request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
    }

    private APIGatewayV2HTTPResponse decide(ApiRequest request, String tenant, BuyerRequest.Kind kind,
                                            String idField, boolean approve) {
        String id = request.path(idField);
        JsonNode body = approve ? request.optionalJsonBody() : request.jsonBody("reason", "comment");
        String reason = text(body, "reason");
        String comment = text(body, "comment");
        return one(requests.decide(tenant, kind, id, approve, reason, comment, "user:" + request.memberId(),
                request.ifMatchVersion().orElse(null)), 200);
    }

    private static APIGatewayV2HTTPResponse one(BuyerRequest request, int status) {
        return ApiResponses.json(status, request, request.version());
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ValidationFailed(field, field + " must be a string");
        }
        return node.asText();
    }
}
