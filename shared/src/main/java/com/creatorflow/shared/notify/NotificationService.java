package com.creatorflow.shared.notify;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.Cursors;
import com.creatorflow.shared.store.Page;
import com.creatorflow.shared.store.Times;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creators' notifications: an inbox per tenant (newest first) plus delivery to the creator's webhook. Delivery is
 * at least once with a stable delivery id; a repeated request with the same dedupe key (a retried workflow step)
 * neither records nor delivers twice once it has completed.
 */
public final class NotificationService {
    private static final Set<String> SEVERITIES = Set.of("INFO", "WARNING", "URGENT");

    private final DynamoDbClient dynamo;
    private final String table;
    private final NotificationChannel webhook;
    private final Clock clock;

    public NotificationService(DynamoDbClient dynamo, String table, NotificationChannel webhook, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.webhook = webhook;
        this.clock = clock;
    }

    /**
     * What to notify.
     *
     * @param tenantId the creator
     * @param orderId the order, if any
     * @param kind what happened
     * @param severity INFO, WARNING or URGENT
     * @param message the text
     * @param data extra facts
     * @param dedupeKey a key that identifies this notification across retries (null: always new)
     */
    public record Request(String tenantId, String orderId, String kind, String severity, String message,
                          Map<String, String> data, String dedupeKey) {
    }

    /** Records and delivers a notification; returns it (the earlier one for a repeated dedupe key). */
    public Notification notify(Request request) {
        String id = request.dedupeKey() == null ? UUID.randomUUID().toString() : hash(request.dedupeKey());
        var guard = dynamo.getItem(r -> r.tableName(table).key(key(request.tenantId(), "d#" + id)).consistentRead(true));
        if (guard.hasItem() && !guard.item().isEmpty()) {
            return Json.read(guard.item().get("doc").s(), Notification.class);
        }
        String severity = request.severity() == null ? "INFO" : request.severity();
        Notification notification = new Notification(request.tenantId(), id, request.kind(), severity,
                request.orderId(), request.message(), request.data() == null ? Map.of() : request.data(),
                clock.instant());
        NotificationPreferences preferences = preferences(request.tenantId());
        if (preferences.wantsWebhook(notification)) {
            webhook.deliver(notification, preferences);
        }
        String doc = Json.write(notification);
        String inboxKey = "n#" + Times.sortable(notification.createdAt()) + "#" + id;
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName(table).conditionExpression("attribute_not_exists(sk)")
                            .item(Map.of("tenantId", AttributeValue.fromS(request.tenantId()),
                                    "sk", AttributeValue.fromS("d#" + id), "doc", AttributeValue.fromS(doc)))),
                    t -> t.put(p -> p.tableName(table).item(Map.of(
                            "tenantId", AttributeValue.fromS(request.tenantId()),
                            "sk", AttributeValue.fromS(inboxKey), "doc", AttributeValue.fromS(doc))))));
        } catch (TransactionCanceledException raced) {
            // a concurrent retry recorded the same notification first; the outcome is the same
        }
        return notification;
    }

    /** A tenant's inbox, newest first. */
    public Page<Notification> inbox(String tenantId, int limit, String cursor) {
        var query = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table)
                .keyConditionExpression("tenantId = :t AND begins_with(sk, :n)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                        ":n", AttributeValue.fromS("n#")))
                .scanIndexForward(false).limit(Math.max(1, Math.min(100, limit)));
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(Cursors.decode(tenantId, cursor, "tenantId"));
        }
        QueryResponse response = dynamo.query(query.build());
        List<Notification> items = new ArrayList<>();
        response.items().forEach(item -> items.add(Json.read(item.get("doc").s(), Notification.class)));
        return new Page<>(items, response.hasLastEvaluatedKey() ? Cursors.encode(response.lastEvaluatedKey()) : null);
    }

    /** A tenant's preferences (inbox only until set). */
    public NotificationPreferences preferences(String tenantId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, "prefs")));
        return item.hasItem() && !item.item().isEmpty()
                ? Json.read(item.item().get("doc").s(), NotificationPreferences.class)
                : NotificationPreferences.inboxOnly();
    }

    /**
     * Saves a tenant's preferences after checking them (HTTPS webhook, known severity). A new webhook gets a new
     * signing secret, returned here once; reading preferences back never shows it.
     */
    public NotificationPreferences savePreferences(String tenantId, NotificationPreferences preferences) {
        if (preferences.webhookUrl() != null) {
            URI uri;
            try {
                uri = URI.create(preferences.webhookUrl());
            } catch (IllegalArgumentException e) {
                throw new ValidationFailed("webhookUrl", "webhookUrl is not a URL");
            }
            boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            if (!"https".equals(uri.getScheme()) && !(local && "http".equals(uri.getScheme()))) {
                throw new ValidationFailed("webhookUrl", "webhookUrl must use https");
            }
        }
        String minimum = preferences.minimumSeverity() == null ? "INFO" : preferences.minimumSeverity();
        if (!SEVERITIES.contains(minimum)) {
            throw new ValidationFailed("minimumSeverity", "minimumSeverity must be one of " + SEVERITIES);
        }
        NotificationPreferences current = preferences(tenantId);
        String secret = preferences.webhookUrl() == null ? null
                : preferences.webhookUrl().equals(current.webhookUrl()) && current.signingSecret() != null
                        ? current.signingSecret() : newSecret();
        NotificationPreferences saved = new NotificationPreferences(preferences.webhookUrl(),
                preferences.kinds() == null ? Set.of() : preferences.kinds(), minimum, secret);
        dynamo.putItem(r -> r.tableName(table).item(Map.of("tenantId", AttributeValue.fromS(tenantId),
                "sk", AttributeValue.fromS("prefs"), "doc", AttributeValue.fromS(Json.write(saved)))));
        return saved;
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return "whsec_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, AttributeValue> key(String tenantId, String sk) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId), "sk", AttributeValue.fromS(sk));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
