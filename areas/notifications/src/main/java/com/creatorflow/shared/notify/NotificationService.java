package com.creatorflow.shared.notify;

import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.domain.ChannelRule;
import com.creatorflow.shared.notify.domain.MemberPreferences;
import com.creatorflow.shared.notify.domain.Notification;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.NotificationDelivery;
import com.creatorflow.shared.notify.domain.NotificationKinds;
import com.creatorflow.shared.notify.domain.NotificationNotFound;
import com.creatorflow.shared.notify.domain.NotificationPreferences;
import com.creatorflow.shared.notify.domain.NotificationTemplates;
import com.creatorflow.shared.notify.domain.PushSubscription;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.store.domain.Times;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creators' notifications: an inbox per tenant (newest first), the creator's and members' preferences, members'
 * Web Push subscriptions, and delivery through the {@link NotificationDispatcher} (batched per tenant and kind).
 * The notification is recorded first and batched after, so a failing channel never loses the inbox entry. A
 * repeated request with the same dedupe key (a retried workflow step, a redelivered event) neither records nor
 * batches twice; it only batches a notification that a crash left unbatched.
 */
public final class NotificationService {
    private final DynamoDbClient dynamo;
    private final String table;
    private final WebhookAddressPolicy addresses;
    private final NotificationRecipients recipients;
    private final NotificationDispatcher dispatcher;
    private final VapidKeys vapid;
    private final Clock clock;

    /**
     * How hard delivery tries.
     *
     * @param attempts attempts per message (at least 1)
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
     * What the service is built from.
     *
     * @param channels the channels configured (webhook, chat, and email and push when set up)
     * @param addresses the check of user-given URLs
     * @param cipher seals members' email addresses
     * @param vapid our VAPID keys (null: Web Push off)
     * @param templates renders messages
     * @param delivery retry settings
     * @param window how long a batch stays open
     * @param clock the clock
     */
    public record Setup(List<NotificationChannel> channels,
                        WebhookAddressPolicy addresses, PiiCipher cipher, VapidKeys vapid,
                        NotificationTemplates templates, Delivery delivery, Duration window, Clock clock) {
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the notifications table
     * @param setup the rest
     */
    public NotificationService(DynamoDbClient dynamo, String table, Setup setup) {
        this.dynamo = dynamo;
        this.table = table;
        this.addresses = setup.addresses();
        this.vapid = setup.vapid();
        this.clock = setup.clock();
        this.recipients = new NotificationRecipients(dynamo, table, setup.cipher(), addresses);
        this.dispatcher = new NotificationDispatcher(dynamo, table, setup.channels(), recipients, setup.templates(),
                setup.delivery(), setup.window(), clock, this::preferences);
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

    /** Records, then batches a notification; returns it (the earlier one for a repeated dedupe key). */
    public Notification notify(Request request) {
        String id = request.dedupeKey() == null ? UUID.randomUUID().toString()
                : NotificationStore.hash(request.dedupeKey());
        var earlier = guard(request.tenantId(), id);
        if (!earlier.isEmpty()) {
            Notification notification = Json.read(earlier.get("doc").s(), Notification.class);
            if (!earlier.containsKey("batchId")) {
                batch(notification);
            }
            return notification;
        }
        Notification notification = new Notification(request.tenantId(), id, request.kind(),
                request.severity() == null ? "INFO" : request.severity(), request.orderId(), request.message(),
                request.data() == null ? Map.of() : request.data(), clock.instant());
        String doc = Json.write(notification);
        String inboxKey = "n#" + Times.sortable(notification.createdAt()) + "#" + id;
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).conditionExpression("attribute_not_exists(sk)")
                        .item(Map.of("tenantId", AttributeValue.fromS(request.tenantId()),
                                "sk", AttributeValue.fromS("d#" + id), "doc", AttributeValue.fromS(doc)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                        "tenantId", AttributeValue.fromS(request.tenantId()),
                        "sk", AttributeValue.fromS(inboxKey), "doc", AttributeValue.fromS(doc)))).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException raced) {
            var recorded = guard(request.tenantId(), id);
            return recorded.isEmpty() ? notification : Json.read(recorded.get("doc").s(), Notification.class);
        }
        batch(notification);
        return notification;
    }

    private void batch(Notification notification) {
        String batchId = dispatcher.add(notification);
        dynamo.updateItem(u -> u.tableName(table).key(NotificationStore.key(notification.tenantId(),
                        "d#" + notification.id())).updateExpression("SET batchId = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(batchId))));
    }

    private Map<String, AttributeValue> guard(String tenantId, String id) {
        var item = dynamo.getItem(r -> r.tableName(table).key(NotificationStore.key(tenantId, "d#" + id))
                .consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    /** Does the due work: closes batches, releases messages after quiet hours, sends digests. */
    public int tick() {
        return dispatcher.tick();
    }

    /** The delivery logs of one of a tenant's notifications: one per message its batch became. */
    public List<NotificationDelivery> deliveries(String tenantId, String notificationId) {
        if (notificationId == null || !notificationId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new NotificationNotFound(notificationId);
        }
        var guard = guard(tenantId, notificationId);
        if (guard.isEmpty()) {
            throw new NotificationNotFound(notificationId);
        }
        return guard.containsKey("batchId") ? dispatcher.messages(tenantId, guard.get("batchId").s()) : List.of();
    }

    /** Delivers one of a tenant's messages again now; returns its log. */
    public NotificationDelivery resend(String tenantId, String messageId) {
        return dispatcher.resend(tenantId, messageId);
    }

    /** A tenant's inbox, newest first. */
    public Page<Notification> inbox(String tenantId, int limit, String cursor) {
        var query = QueryRequest.builder().tableName(table)
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
        var item = dynamo.getItem(r -> r.tableName(table).key(NotificationStore.key(tenantId, "prefs")));
        return item.hasItem() && !item.item().isEmpty()
                ? Json.read(item.item().get("doc").s(), NotificationPreferences.class)
                : NotificationPreferences.inboxOnly();
    }

    /**
     * Saves a tenant's preferences after checking them (HTTPS webhook and chat URLs on public addresses, see
     * {@link WebhookAddressPolicy}; known kinds and severities). A new webhook gets a new signing secret, returned
     * here once; reading preferences back never shows it.
     */
    public NotificationPreferences savePreferences(String tenantId, NotificationPreferences preferences) {
        if (preferences.webhookUrl() != null) {
            addresses.check("webhookUrl", preferences.webhookUrl());
        }
        String minimum = NotificationKinds.severity("minimumSeverity", preferences.minimumSeverity());
        var kinds = NotificationKinds.kinds("kinds", preferences.kinds());
        ChannelRule chat = null;
        if (preferences.chat() != null) {
            if (preferences.chat().address() == null) {
                throw new com.creatorflow.shared.error.ValidationFailed("chat.address", "chat.address is required");
            }
            addresses.check("chat.address", preferences.chat().address());
            chat = preferences.chat().checked("chat", preferences.chat().address());
        }
        NotificationPreferences current = preferences(tenantId);
        String secret = preferences.webhookUrl() == null ? null
                : preferences.webhookUrl().equals(current.webhookUrl()) && current.signingSecret() != null
                        ? current.signingSecret() : newSecret();
        NotificationPreferences saved = new NotificationPreferences(preferences.webhookUrl(), kinds, minimum, secret,
                chat, preferences.pii());
        dynamo.putItem(r -> r.tableName(table).item(Map.of("tenantId", AttributeValue.fromS(tenantId),
                "sk", AttributeValue.fromS("prefs"), "doc", AttributeValue.fromS(Json.write(saved)))));
        return saved;
    }

    /** A member's own preferences. */
    public MemberPreferences memberPreferences(String tenantId, String memberId) {
        return recipients.preferences(tenantId, memberId);
    }

    /** Saves a member's own preferences (checked) and schedules their digest at their local time. */
    public MemberPreferences saveMemberPreferences(String tenantId, String memberId, MemberPreferences preferences) {
        MemberPreferences checked = preferences.checked();
        String old = recipients.digestMarker(tenantId, memberId);
        if (old != null) {
            dynamo.deleteItem(d -> d.tableName(table).key(NotificationStore.key(NotificationDispatcher.DUE, old)));
        }
        String marker = dispatcher.scheduleDigest(tenantId, memberId, checked, clock.instant());
        return recipients.save(tenantId, memberId, checked, marker);
    }

    /** Stores a member's browser subscription; returns its id. */
    public String subscribe(String tenantId, String memberId, PushSubscription subscription) {
        return recipients.subscribe(tenantId, memberId, subscription);
    }

    /** Removes one of the member's own browser subscriptions. */
    public void unsubscribe(String tenantId, String memberId, String subscriptionId) {
        recipients.unsubscribe(tenantId, memberId, subscriptionId);
    }

    /** Our VAPID public key (base64url, uncompressed P-256), if Web Push is configured. */
    public Optional<String> pushPublicKey() {
        return Optional.ofNullable(vapid).map(VapidKeys::publicKeyText);
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return "whsec_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
