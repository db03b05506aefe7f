package com.creatorflow.tracking;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.TrackingService;
import com.creatorflow.shared.shipping.carrier.CarrierAdapters;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.WebhookReceiver;
import com.creatorflow.shared.store.OrderRepository;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /webhooks/carriers/{carrier}} (public; the sender's HMAC signature is the authentication):
 * {@code easypost} for EasyPost's tracker Events ({@code X-Hmac-Signature}), or a carrier's code for a direct
 * adapter's webhooks. The receiver verifies the signature in constant time and reads the events, then {@link TrackingService}
 * moves the orders (IN_TRANSIT, DELIVERED, NEEDS_ATTENTION on exceptions). Duplicates and stale events answer 200 and
 * change nothing, so that carriers stop redelivering; a bad signature is a 401.
 */
public final class CarrierWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CarrierAdapters adapters;
    private final TrackingService tracking;

    /** Lambda's constructor: collaborators from the process environment. */
    public CarrierWebhookHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public CarrierWebhookHandler(Env env) {
        this(CarrierAdapters.fromEnv(env), new TrackingService(OrderRepository.fromEnv(env), ShippingStore.fromEnv(env)));
    }

    /** Explicit collaborators (tests). */
    public CarrierWebhookHandler(CarrierAdapters adapters, TrackingService tracking) {
        this.adapters = adapters;
        this.tracking = tracking;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Telemetry.invoke(context, () -> ApiResponses.handle(() -> receive(new ApiRequest(event))));
    }

    private APIGatewayV2HTTPResponse receive(ApiRequest request) {
        WebhookReceiver receiver = adapters.receiver(request.path("carrier"));
        List<TrackingEvent> events = receiver.parseWebhook(
                request.header(receiver.webhookSignatureHeader()).orElse(null), request.bodyBytes());
        List<TrackingService.Result> results = tracking.apply(events);
        results.forEach(r -> Telemetry.count("TrackingEvent" + r.outcome()));
        return ApiResponses.json(200, Map.of("received", results.size(), "results", results));
    }
}
