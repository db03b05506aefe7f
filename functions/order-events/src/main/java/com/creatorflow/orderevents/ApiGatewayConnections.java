package com.creatorflow.orderevents;

import com.creatorflow.shared.live.domain.ConnectionPoster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Posts live-feed messages through API Gateway's {@code @connections} API (PostToConnection). A connection that is
 * gone (410) is reported so that it is forgotten; any other failure is logged and the connection kept, since a
 * lost live message is recovered by the client's resume.
 */
final class ApiGatewayConnections implements ConnectionPoster {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayConnections.class);

    private final ApiGatewayManagementApiClient client;

    ApiGatewayConnections(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    @Override
    public boolean post(String connectionId, String json) {
        try {
            client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(json)));
            return true;
        } catch (GoneException e) {
            return false;
        } catch (RuntimeException e) {
            LOG.warn("posting to connection {} failed: {}", connectionId, e.toString());
            return true;
        }
    }
}
