package com.creatorflow.shared.live;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.events.NeedsAttention;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.live.domain.ConnectionPoster;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends order changes to the open live-feed connections of their tenant. Each message of the feed queue is an
 * order event from the bus ({@code creatorflow.orders}); its audit entry becomes the {@link LiveEvent} posted to
 * every connection of the tenant, and a connection that is gone is forgotten. A connection that asks to resume gets
 * the tenant's changes after the event id it names.
 */
public final class LiveFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFanOut.class);

    private final LiveFeed feed;
    private final LiveConnections connections;
    private final ConnectionPoster poster;

    public LiveFanOut(LiveFeed feed, LiveConnections connections, ConnectionPoster poster) {
        this.feed = feed;
        this.connections = connections;
        this.poster = poster;
    }

    /**
     * Delivers one bus event (the feed queue message's body) to the tenant's connections; returns how many received
     * it. A tenant with no open connection costs one read. {@code NeedsAttention} repeats the change its
     * {@code OrderStatusChanged} already carries and is skipped.
     */
    public int deliver(String eventBridgeEvent) {
        JsonNode event = Json.tree(eventBridgeEvent);
        JsonNode detail = event.path("detail");
        if (NeedsAttention.DETAIL_TYPE.equals(event.path("detail-type").asText())
                || !detail.hasNonNull("tenantId") || !detail.hasNonNull("orderId") || !detail.has("version")) {
            return 0;
        }
        String tenantId = detail.get("tenantId").asText();
        List<String> open = connections.of(tenantId);
        if (open.isEmpty()) {
            return 0;
        }
        Optional<LiveEvent> change = feed.event(tenantId, detail.get("orderId").asText(),
                detail.get("version").asLong());
        if (change.isEmpty()) {
            LOG.warn("no feed entry for {}", detail.path("eventId").asText());
            return 0;
        }
        String json = change.get().toJson();
        int sent = 0;
        for (String connectionId : open) {
            if (poster.post(connectionId, json)) {
                sent++;
            } else {
                connections.remove(tenantId, connectionId);
            }
        }
        return sent;
    }

    /**
     * Sends a connection its tenant's changes after {@code after}; returns how many. A connection that is not open
     * (or gone meanwhile) gets nothing.
     *
     * @throws ValidationFailed naming {@code after} when it is not an event id
     */
    public int resume(String connectionId, String after) {
        String from = LiveFeed.eventId("after", after);
        Optional<String> tenant = connections.tenantOf(connectionId);
        if (tenant.isEmpty()) {
            return 0;
        }
        int[] sent = {0};
        boolean[] gone = {false};
        feed.replay(tenant.get(), from, event -> {
            if (!gone[0]) {
                gone[0] = !poster.post(connectionId, event.toJson());
                sent[0] += gone[0] ? 0 : 1;
            }
        });
        if (gone[0]) {
            connections.remove(tenant.get(), connectionId);
        }
        return sent[0];
    }
}
