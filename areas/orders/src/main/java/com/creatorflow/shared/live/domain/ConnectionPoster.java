package com.creatorflow.shared.live.domain;

/**
 * Sends a message to one open live-feed connection: API Gateway's {@code @connections} API in AWS, the same API
 * served by the local runtime for its server-sent event streams.
 */
public interface ConnectionPoster {
    /** Sends {@code json}; false when the connection is gone (HTTP 410), so it can be forgotten. */
    boolean post(String connectionId, String json);
}
