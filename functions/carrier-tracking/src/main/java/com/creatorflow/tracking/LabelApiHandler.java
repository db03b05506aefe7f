package com.creatorflow.tracking;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.shipping.DynamoLabelStore;
import com.creatorflow.shared.store.OrderRepository;
import java.util.Base64;
import java.util.Map;

/**
 * The creators' label API behind the JWT authorizer: {@code GET /v1/orders/{orderId}/label[?packageId=]} answers the
 * order's label PDF, {@code POST /v1/labels/batch {"orderIds": [...]}} one PDF with every listed order's labels for
 * batch printing. PDFs travel base64-encoded, as API Gateway returns binary bodies.
 */
public final class LabelApiHandler extends ApiHandler {
    private final LabelDownloads downloads;

    /** Lambda's constructor: collaborators from the process environment. */
    public LabelApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public LabelApiHandler(Env env) {
        this(new LabelDownloads(OrderRepository.fromEnv(env), DynamoLabelStore.fromEnv(env)), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public LabelApiHandler(LabelDownloads downloads, ApiGuard guard) {
        super(guard);
        this.downloads = downloads;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/orders/{orderId}/label" -> {
                String orderId = request.path("orderId");
                Telemetry.correlate(Telemetry.ORDER_ID, orderId);
                yield pdf("label-" + orderId, downloads.forOrder(tenant, orderId, request.queryId("packageId")));
            }
            case "POST /v1/labels/batch" -> pdf("labels", downloads.batch(tenant,
                    ApiRequest.ids(request.jsonBody(), "orderIds")));
            default -> noRoute(request);
        };
    }

    private static APIGatewayV2HTTPResponse pdf(String name, byte[] document) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/pdf",
                        "Content-Disposition", "inline; filename=\"" + name + ".pdf\""))
                .withBody(Base64.getEncoder().encodeToString(document)).withIsBase64Encoded(true).build();
    }
}
