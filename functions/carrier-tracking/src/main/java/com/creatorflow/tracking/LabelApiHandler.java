package com.creatorflow.tracking;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.LabelDownloads;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.shipping.domain.NothingToPrint;
import com.creatorflow.shared.store.OrderRepository;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The creators' label API behind the JWT authorizer. {@code GET /v1/orders/{orderId}/label[?packageId=]} redirects
 * to a short-lived pre-signed URL of the one label asked for, answers the labels of a multi-package order merged
 * into one PDF, or, with {@code Accept: application/json}, the download links themselves. {@code POST
 * /v1/labels/batch {"orderIds": [...]}} answers one PDF with the labels of every listed order that has one, and
 * names the skipped ones with the reason. {@code POST /v1/orders/{orderId}/label/reprint} records the reprint in the
 * order's timeline (honouring {@code If-Match}) and answers the labels as a download does. PDFs
 * travel base64-encoded, as API Gateway returns binary bodies.
 */
public final class LabelApiHandler extends ApiHandler {
    private final LabelDownloads downloads;

    /** Lambda's constructor: collaborators from the process environment. */
    public LabelApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public LabelApiHandler(Env env) {
        this(new LabelDownloads(OrderRepository.fromEnv(env), S3LabelStore.fromEnv(env)), ApiGuard.fromEnv(env));
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
                List<ShipmentPackage> live = downloads.live(tenant, orderId, request.queryId("packageId"));
                if (request.header("Accept").orElse("").contains("application/json")) {
                    yield ApiResponses.json(200, downloads.links(tenant, orderId, live));
                }
                yield live.size() == 1 ? redirect(downloads.links(tenant, orderId, live).labels().get(0))
                        : pdf("label-" + orderId, downloads.document(tenant, live));
            }
            case "POST /v1/labels/batch" -> batch(request, downloads.batch(tenant,
                    ApiRequest.ids(request.jsonBody(128 * 1024, "orderIds"), "orderIds")));
            case "POST /v1/orders/{orderId}/label/reprint" -> {
                String orderId = request.path("orderId");
                Telemetry.correlate(Telemetry.ORDER_ID, orderId);
                List<ShipmentPackage> live = downloads.reprint(tenant, orderId, "user:" + request.subject(),
                        request.ifMatchVersion());
                yield request.header("Accept").orElse("").contains("application/json")
                        ? ApiResponses.json(200, downloads.links(tenant, orderId, live))
                        : pdf("label-" + orderId, downloads.document(tenant, live));
            }
            default -> noRoute(request);
        };
    }

    /**
     * A batch print: with {@code Accept: application/json} the printed and skipped orders and the PDF (base64);
     * otherwise the PDF, with the skipped orders and why in the {@code X-Skipped-Orders} header (JSON), or a 422
     * naming each order's reason when none has a label.
     */
    private static APIGatewayV2HTTPResponse batch(ApiRequest request, LabelDownloads.Batch batch) {
        List<Map<String, String>> skipped = batch.skipped().entrySet().stream()
                .map(e -> Map.of("orderId", e.getKey(), "reason", e.getValue())).toList();
        if (request.header("Accept").orElse("").contains("application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("printed", batch.printed());
            body.put("skipped", skipped);
            body.put("pdf", batch.pdf() == null ? null : Base64.getEncoder().encodeToString(batch.pdf()));
            return ApiResponses.json(200, body);
        }
        if (batch.pdf() == null) {
            throw new NothingToPrint(Json.write(skipped));
        }
        APIGatewayV2HTTPResponse response = pdf("labels", batch.pdf());
        if (!skipped.isEmpty()) {
            Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
            headers.put("X-Skipped-Orders", Json.write(skipped).replaceAll("[^\\x20-\\x7e]", "?"));
            response.setHeaders(headers);
        }
        return response;
    }

    private static APIGatewayV2HTTPResponse redirect(LabelDownloads.PackageLink link) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302)
                .withHeaders(Map.of("Location", link.url().toString(), "Cache-Control", "no-store"))
                .withBody("").build();
    }

    private static APIGatewayV2HTTPResponse pdf(String name, byte[] document) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/pdf",
                        "Content-Disposition", "inline; filename=\"" + name + ".pdf\""))
                .withBody(Base64.getEncoder().encodeToString(document)).withIsBase64Encoded(true).build();
    }
}
