package com.creatorflow.shared.notify;

import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.OutgoingMessage;
import com.creatorflow.shared.notify.domain.RenderedMessage;
import java.util.List;
import java.util.Map;

/**
 * Posts a message to a Slack-style incoming webhook (Slack, Discord's {@code /slack} endpoint, Mattermost, Teams
 * relays): JSON {@code {"text": ..., "blocks": [...]}} with the title, the text and a link. Targets pass
 * {@link PolicedHttp}, so a chat URL cannot reach private addresses.
 */
public final class ChatChannel implements NotificationChannel {
    private final PolicedHttp http;

    /** @param addresses decides which targets may be called */
    public ChatChannel(WebhookAddressPolicy addresses) {
        this.http = new PolicedHttp(addresses);
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public Outcome deliver(OutgoingMessage message) {
        RenderedMessage content = message.content();
        String text = "*" + content.title() + "*\n" + content.text() + "\n<" + content.url() + "|Open in CreatorFlow>";
        Map<String, Object> payload = Map.of("text", content.title(), "blocks", List.of(
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text))));
        return http.post("chat.address", message.target(), Map.of("Content-Type", "application/json"),
                Json.bytes(payload));
    }
}
