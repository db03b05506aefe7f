package com.creatorflow.tiktok.shops;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ShopCallbackHandlerTest {
    private static APIGatewayV2HTTPEvent.RequestContext context(String domain, String stage) {
        return APIGatewayV2HTTPEvent.RequestContext.builder().withDomainName(domain).withStage(stage).build();
    }

    @Test
    void theWebhookAddressIsTheIntakeOnTheApiAndStageTheCallbackCameThrough() {
        assertThat(ShopCallbackHandler.webhookUrl(context("abc123.execute-api.us-east-1.amazonaws.com", "prod")))
                .isEqualTo(URI.create("https://abc123.execute-api.us-east-1.amazonaws.com/prod/webhooks/tiktok"));
    }

    @Test
    void theDefaultStageAddsNoPathPrefix() {
        assertThat(ShopCallbackHandler.webhookUrl(context("api.example.com", "$default")))
                .isEqualTo(URI.create("https://api.example.com/webhooks/tiktok"));
    }

    @Test
    void noRequestContextGivesNoAddress() {
        assertThat(ShopCallbackHandler.webhookUrl(null)).isNull();
    }
}
