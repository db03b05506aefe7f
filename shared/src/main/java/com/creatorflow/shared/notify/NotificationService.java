package com.creatorflow.shared.notify;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.Cursors;
import com.creatorflow.shared.store.Page;
import com.creatorflow.shared.store.Times;
import com.creatorflow.shared.config.Env;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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
 * Creators' notifications: an inbox per tenant (newest first) plus delivery to the creator's webhook. The
 * notification is recorded first and delivered after, so a failing webhook never loses the inbox entry. Delivery
 * makes up to {@link Delivery#attempts} attempts with doubling backoff and keeps a log per notification and channel
 * (attempts, status, response code). A repeated request with the same dedupe key (a retried workflow step) neither
 * records nor delivers twice; it only resumes a delivery that was interrupted before it finished.
 */
public final class NotificationService {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    private static final Set<String> SEVERITIES = Set.of("INFO", "WARNING", "URGENT");

    private final DynamoDbClient dynamo;
    private final String table;
    private final NotificationChannel webhook;
    private final WebhookAddressPolicy addresses;
    private final Delivery delivery;
    private final Clock clock;

    /**
     * How hard delivery tries.
     *
     * @param attempts attempts per channel (at least 1)
     * @param backoff the pause after the first failed attempt; each next pause doubles
     */
    public record Delivery(int attempts, Duration backoff) {
        /** From {@code NOTIFY_WEBHOOK_ATTEMPTS} (default 3) and {@code NOTIFY_WEBHOOK_BACKOFF_MILLIS} (500). */
        public static Delivery fromEnv(Env env) {
            return new Delivery(Math.max(1, env.getInt("NOTIFY_WEBHOOK_ATTEMPTS", 3)),
                    Duration.ofMillis(env.getInt("NOTIFY_WEBHOOK_BACKOFF_MILLIS", 500)));
        }
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the notifications table
     * @param webhook the webhook channel
     * @param addresses the check of a creator's webhook URL
     * @param delivery retry settings
     * @param clock the clock
     */
    public NotificationService(DynamoDbClient dynamo, String table, NotificationChannel webhook,
                               WebhookAddressPolicy addresses, Delivery delivery, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.webhook = webhook;
        this.addresses = addresses;
        this.delivery = delivery;
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

    /** Records, then delivers a notification; returns it (the earlier one for a repeated dedupe key). */
    public Notification notify(Request request) {
        String id = request.dedupeKey() == null ? UUID.randomUUID().toString() : hash(request.dedupeKey());
        Optional<Notification> earlier = recorded(request.tenantId(), id);
        if (earlier.isPresent()) {
            resumeDelivery(earlier.get());
            return earlier.get();
        }
        String severity = request.severity() == null ? "INFO" : request.severity();
        Notification notification = new Notification(request.tenantId(), id, request.kind(), severity,
                request.orderId(), request.message(), request.data() == null ? Map.of() : request.data(),
                clock.instant());
        NotificationPreferences preferences = preferences(request.tenantId());
        boolean deliver = preferences.wantsWebhook(notification);
        String doc = Json.write(notification);
        String inboxKey = "n#" + Times.sortable(notification.createdAt()) + "#" + id;
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).conditionExpression("attribute_not_exists(sk)")
                .item(Map.of("tenantId", AttributeValue.fromS(request.tenantId()),
                        "sk", AttributeValue.fromS("d#" + id), "doc", AttributeValue.fromS(doc)))).build());
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                "tenantId", AttributeValue.fromS(request.tenantId()),
                "sk", AttributeValue.fromS(inboxKey), "doc", AttributeValue.fromS(doc)))).build());
        if (deliver) {
            NotificationDelivery pending = new NotificationDelivery(id, webhook.name(), "PENDING", 0, 0, List.of(),
                    clock.instant());
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(logItem(request.tenantId(),
                    pending))).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException raced) {
            return recorded(request.tenantId(), id).orElse(notification);
        }
        if (deliver) {
            deliver(notification, preferences);
        }
        return notification;
    }

    /** The delivery logs of one of a tenant's notifications, one per channel. */
    public List<NotificationDelivery> deliveries(String tenantId, String notificationId) {
        if (notificationId == null || !notificationId.matches("[A-Za-z0-9-]{1,64}")
                || recorded(tenantId, notificationId).isEmpty()) {
            throw new NotificationNotFound(notificationId);
        }
        QueryResponse response = dynamo.query(q -> q.tableName(table)
                .keyConditionExpression("tenantId = :t AND begins_with(sk, :l)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                        ":l", AttributeValue.fromS("l#" + notificationId + "#")))
                .consistentRead(true));
        return response.items().stream().map(item -> Json.read(item.get("doc").s(), NotificationDelivery.class))
                .toList();
    }

    private Optional<Notification> recorded(String tenantId, String id) {
        var guard = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, "d#" + id)).consistentRead(true));
        return guard.hasItem() && !guard.item().isEmpty()
                ? Optional.of(Json.read(guard.item().get("doc").s(), Notification.class)) : Optional.empty();
    }

    /** A delivery that a crash interrupted (still PENDING) is made again when the same request comes back. */
    private void resumeDelivery(Notification notification) {
        var log = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(notification.tenantId(), "l#" + notification.id() + "#" + webhook.name())));
        if (log.hasItem() && !log.item().isEmpty() && Json.read(log.item().get("doc").s(),
                NotificationDelivery.class).status().equals("PENDING")) {
            deliver(notification, preferences(notification.tenantId()));
        }
    }

    /** Attempts delivery with doubling backoff, logging every attempt; the inbox entry stays whatever happens. */
    private void deliver(Notification notification, NotificationPreferences preferences) {
        List<NotificationDelivery.Attempt> attempts = new ArrayList<>();
        String status = "FAILED";
        int code = 0;
        for (int attempt = 1; attempt <= delivery.attempts(); attempt++) {
            NotificationChannel.Outcome outcome = webhook.deliver(notification, preferences);
            code = outcome.statusCode();
            attempts.add(new NotificationDelivery.Attempt(attempt, clock.instant(), code, outcome.error()));
            if (outcome.succeeded()) {
                status = "DELIVERED";
                break;
            }
            if (!outcome.retryable()) {
                status = outcome.statusCode() == 0 ? "REFUSED" : "FAILED";
                break;
            }
            if (attempt < delivery.attempts()) {
                saveLog(notification, new NotificationDelivery(notification.id(), webhook.name(), "PENDING", attempt,
                        code, attempts, clock.instant()));
                if (!pause(delivery.backoff().multipliedBy(1L << (attempt - 1)))) {
                    return;
                }
            }
        }
        saveLog(notification, new NotificationDelivery(notification.id(), webhook.name(), status, attempts.size(),
                code, attempts, clock.instant()));
        if (!status.equals("DELIVERED")) {
            LOG.warn("notification {} of {} was not delivered to the creator's webhook: {}", notification.id(),
                    notification.tenantId(), attempts.getLast().error());
        }
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void saveLog(Notification notification, NotificationDelivery log) {
        dynamo.putItem(r -> r.tableName(table).item(logItem(notification.tenantId(), log)));
    }

    private static Map<String, AttributeValue> logItem(String tenantId, NotificationDelivery log) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId),
                "sk", AttributeValue.fromS("l#" + log.notificationId() + "#" + log.channel()),
                "doc", AttributeValue.fromS(Json.write(log)));
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
     * Saves a tenant's preferences after checking them (an HTTPS webhook on a public address, see
     * {@link WebhookAddressPolicy}; a known severity). A new webhook gets a new
     * signing secret, returned here once; reading preferences back never shows it.
     */
    public NotificationPreferences savePreferences(String tenantId, NotificationPreferences preferences) {
        if (preferences.webhookUrl() != null) {
            addresses.check("webhookUrl", preferences.webhookUrl());
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
