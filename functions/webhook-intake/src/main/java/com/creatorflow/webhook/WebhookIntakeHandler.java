package com.creatorflow.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.domain.IntakeOutcome;
import com.creatorflow.shared.tiktok.webhook.WebhookIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/tiktok}: hands the raw body and signature to {@link WebhookIntake} and answers TikTok: 200
 * or 401 with an empty body, problem+json otherwise. Every refusal is logged with its reason (never the secret, the
 * signature or the body, which holds personal data) and counted as {@code WebhookRejected_<reason>}.
 */
public final class WebhookIntakeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntakeHandler.class);

    private final WebhookIntake intake;

    /** Lambda's constructor. */
    public WebhookIntakeHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime, tests). */
    public WebhookIntakeHandler(Env env) {
        this(WebhookIntake.fromEnv(env));
    }

    WebhookIntakeHandler(WebhookIntake intake) {
        this.intake = intake;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Telemetry.invoke(context, () -> ApiResponses.handle(() -> {
            ApiRequest request = new ApiRequest(event);
            IntakeOutcome outcome = intake.receive(request.bodyBytes(), request.header("Authorization").orElse(null),
                    context == null ? 10_000 : context.getRemainingTimeInMillis());
            if (outcome.status() == 200) {
                Telemetry.count(outcome.reason().equals("accepted") ? "WebhookAccepted" : "Webhook_" + outcome.reason());
                LOG.debug("webhook {}", outcome.reason());
                return ApiResponses.empty(200);
            }
            Telemetry.count("WebhookRejected_" + outcome.reason());
            LOG.warn("webhook refused with {}: {}", outcome.status(), outcome.reason());
            return outcome.problem() == null ? ApiResponses.empty(outcome.status())
                    : ApiResponses.problem(outcome.problem());
        }));
    }
}
