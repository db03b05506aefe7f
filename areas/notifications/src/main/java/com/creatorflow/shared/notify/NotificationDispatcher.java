package com.creatorflow.shared.notify;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.domain.MemberPreferences;
import com.creatorflow.shared.notify.domain.Notification;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.NotificationDelivery;
import com.creatorflow.shared.notify.domain.NotificationKinds;
import com.creatorflow.shared.notify.domain.NotificationNotFound;
import com.creatorflow.shared.notify.domain.NotificationPreferences;
import com.creatorflow.shared.notify.domain.NotificationTemplates;
import com.creatorflow.shared.notify.domain.OutgoingMessage;
import com.creatorflow.shared.notify.domain.PushSubscription;
import com.creatorflow.shared.notify.domain.RenderedMessage;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.store.domain.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Turns recorded notifications into messages on the channels. Notifications are batched per tenant and kind: the
 * first one opens a window ({@code window}); when it closes, one message per channel target (the creator's webhook
 * and chat, each member's email and browsers) says how many there were, with the first one's facts and a link. A
 * member's non-urgent messages wait out their quiet hours; each member's daily digest goes at their local time.
 * Work that is due later is a marker in the {@value #DUE} partition (sort key: due time), which {@link #tick}
 * (every minute) picks up; a zero window sends each notification at once. Each message keeps a delivery log; delivery retries with doubling backoff, and a message
 * whose attempts are used up is dead-lettered (status FAILED, metric {@code NotificationDeadLettered}).
 */
public final class NotificationDispatcher {
    /** The partition of due work (not a tenant id: tenant ids cannot start with {@code ~}). */
    static final String DUE = "~due";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final String CREATOR = "creator";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, NotificationChannel> channels;
    private final NotificationRecipients recipients;
    private final NotificationTemplates templates;
    private final NotificationService.Delivery delivery;
    private final Duration window;
    private final Clock clock;
    private final Function<String, NotificationPreferences> creatorPreferences;

    /** Where one message goes. */
    private record Target(String channel, String recipient, String subscriptionId, String address, String secret,
                          String auth) {
    }

    NotificationDispatcher(DynamoDbClient dynamo, String table, List<NotificationChannel> channels,
                           NotificationRecipients recipients, NotificationTemplates templates,
                           NotificationService.Delivery delivery, Duration window, Clock clock,
                           Function<String, NotificationPreferences> creatorPreferences) {
        this.dynamo = dynamo;
        this.table = table;
        Map<String, NotificationChannel> byName = new HashMap<>();
        channels.forEach(channel -> byName.put(channel.name(), channel));
        this.channels = Map.copyOf(byName);
        this.recipients = recipients;
        this.templates = templates;
        this.delivery = delivery;
        this.window = window;
        this.clock = clock;
        this.creatorPreferences = creatorPreferences;
    }

    /** Adds a recorded notification to its tenant's batch of its kind; returns the batch id. */
    String add(Notification notification) {
        String severity = notification.severity();
        var attributes = dynamo.updateItem(u -> u.tableName(table)
                .key(NotificationStore.key(notification.tenantId(), "batch#" + notification.kind()))
                .updateExpression("SET batchId = if_not_exists(batchId, :b), firstDoc = if_not_exists(firstDoc, :d) "
                        + "ADD #c :one, urgent :u, warning :w")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(
                        ":b", AttributeValue.fromS(NotificationStore.hash(UUID.randomUUID().toString()).substring(0, 20)),
                        ":d", AttributeValue.fromS(Json.write(notification)), ":one", AttributeValue.fromN("1"),
                        ":u", AttributeValue.fromN("URGENT".equals(severity) ? "1" : "0"),
                        ":w", AttributeValue.fromN("WARNING".equals(severity) ? "1" : "0")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        if (window.isZero()) {
            flush(notification.tenantId(), notification.kind());
        } else if (attributes.get("count").n().equals("1")) {
            due(clock.instant().plus(window), "batch", notification.tenantId(), notification.kind());
        }
        return attributes.get("batchId").s();
    }

    /** Does the work that is due (closed batches, ends of quiet hours, digests); returns how many markers. */
    public int tick() {
        Instant now = clock.instant();
        var markers = dynamo.query(q -> q.tableName(table).consistentRead(true).limit(200)
                .keyConditionExpression("tenantId = :due AND sk < :upper")
                .expressionAttributeValues(Map.of(":due", AttributeValue.fromS(DUE),
                        ":upper", AttributeValue.fromS(Times.sortable(now) + "$")))).items();
        int done = 0;
        for (Map<String, AttributeValue> marker : markers) {
            String tenant = marker.get("tenant").s();
            String ref = marker.get("ref").s();
            boolean finished = switch (marker.get("type").s()) {
                case "batch" -> flush(tenant, ref);
                case "held" -> release(tenant, ref);
                case "digest" -> digest(tenant, ref, marker.get("sk").s());
                default -> true;
            };
            if (finished) {
                dynamo.deleteItem(d -> d.tableName(table).key(NotificationStore.key(DUE, marker.get("sk").s())));
                done++;
            }
        }
        return done;
    }

    /** Closes a tenant's batch of a kind and sends its messages; false when it could not be taken (retry later). */
    private boolean flush(String tenant, String kind) {
        for (int tries = 0; tries < 5; tries++) {
            var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                    .key(NotificationStore.key(tenant, "batch#" + kind))).item();
            if (item == null || item.isEmpty()) {
                return true;
            }
            String count = item.get("count").n();
            try {
                dynamo.deleteItem(d -> d.tableName(table).key(NotificationStore.key(tenant, "batch#" + kind))
                        .conditionExpression("#c = :c").expressionAttributeNames(Map.of("#c", "count"))
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromN(count))));
            } catch (ConditionalCheckFailedException more) {
                continue;
            }
            String severity = !item.get("urgent").n().equals("0") ? "URGENT"
                    : !item.get("warning").n().equals("0") ? "WARNING" : "INFO";
            Notification first = Json.read(item.get("firstDoc").s(), Notification.class);
            send(tenant, item.get("batchId").s(), first, Integer.parseInt(count), severity);
            return true;
        }
        return false;
    }

    private void send(String tenant, String batchId, Notification first, int count, String severity) {
        NotificationPreferences creator = creatorPreferences.apply(tenant);
        RenderedMessage content = templates.render(first, count, severity, creator.pii());
        String kind = first.kind();
        if (creator.wantsWebhook(kind, severity)) {
            start(tenant, batchId, new Target("webhook", CREATOR, null, creator.webhookUrl(), creator.signingSecret(),
                    null), content, Optional.empty());
        }
        if (creator.wantsChat(kind, severity)) {
            start(tenant, batchId, new Target("chat", CREATOR, null, creator.chat().address(), null, null), content,
                    Optional.empty());
        }
        Instant now = clock.instant();
        boolean urgent = NotificationKinds.urgent(kind, severity);
        for (NotificationRecipients.Member member : recipients.members(tenant)) {
            Optional<Instant> hold = urgent ? Optional.empty() : member.preferences().quietUntil(now);
            memberTargets(member, kind, severity).forEach(target -> start(tenant, batchId, target, content, hold));
        }
    }

    private List<Target> memberTargets(NotificationRecipients.Member member, String kind, String severity) {
        List<Target> targets = new ArrayList<>();
        MemberPreferences preferences = member.preferences();
        if (preferences.email() != null && preferences.email().wants(kind, severity)) {
            targets.add(new Target("email", member.memberId(), null, preferences.email().address(), null, null));
        }
        if (preferences.push() != null && preferences.push().wants(kind, severity)) {
            member.subscriptions().forEach((id, subscription) -> targets.add(new Target("push", member.memberId(), id,
                    subscription.endpoint(), subscription.keys().p256dh(), subscription.keys().auth())));
        }
        return targets;
    }

    /** Logs a new message and delivers it now, or holds it until {@code hold}; a message already logged is left. */
    private void start(String tenant, String batchId, Target target, RenderedMessage content, Optional<Instant> hold) {
        if (!channels.containsKey(target.channel())) {
            return;
        }
        String messageId = batchId + "-" + NotificationStore.hash(target.channel() + "\n" + target.recipient() + "\n"
                + target.subscriptionId()).substring(0, 12);
        NotificationDelivery log = new NotificationDelivery(content.notificationId(), target.channel(),
                hold.isPresent() ? "HELD" : "PENDING", 0, 0, List.of(), clock.instant(), messageId, target.recipient(),
                content.kind(), content.count());
        Map<String, AttributeValue> item = new HashMap<>(NotificationStore.key(tenant, "msg#" + messageId));
        item.put("doc", AttributeValue.fromS(Json.write(log)));
        item.put("content", AttributeValue.fromS(Json.write(content)));
        if (target.subscriptionId() != null) {
            item.put("subscriptionId", AttributeValue.fromS(target.subscriptionId()));
        }
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(sk)"));
        } catch (ConditionalCheckFailedException already) {
            return;
        }
        if (hold.isPresent()) {
            due(hold.get(), "held", tenant, messageId);
            return;
        }
        attempt(tenant, log, target, content);
    }

    /** Sends a held message whose quiet hours are over. */
    private boolean release(String tenant, String messageId) {
        Stored stored = stored(tenant, messageId).orElse(null);
        if (stored != null && stored.log().status().equals("HELD")) {
            deliverStored(tenant, stored);
        }
        return true;
    }

    /** Delivers a logged message again now (quiet hours do not apply); returns its log. */
    NotificationDelivery resend(String tenant, String messageId) {
        if (messageId == null || !messageId.matches("[a-f0-9]{20}-[a-f0-9]{12}")) {
            throw new NotificationNotFound("message", messageId);
        }
        Stored stored = stored(tenant, messageId).orElseThrow(() -> new NotificationNotFound("message", messageId));
        return deliverStored(tenant, stored);
    }

    /** The logs of the messages a batch became. */
    List<NotificationDelivery> messages(String tenant, String batchId) {
        return NotificationStore.query(dynamo, table, tenant, "msg#" + batchId + "-").stream()
                .map(item -> Json.read(item.get("doc").s(), NotificationDelivery.class)).toList();
    }

    private record Stored(NotificationDelivery log, RenderedMessage content, String subscriptionId) {
    }

    private Optional<Stored> stored(String tenant, String messageId) {
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(NotificationStore.key(tenant, "msg#" + messageId))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Json.read(item.get("doc").s(), NotificationDelivery.class),
                Json.read(item.get("content").s(), RenderedMessage.class),
                item.containsKey("subscriptionId") ? item.get("subscriptionId").s() : null));
    }

    private NotificationDelivery deliverStored(String tenant, Stored stored) {
        NotificationDelivery log = stored.log();
        Target target = currentTarget(tenant, log.channel(), log.recipient(), stored.subscriptionId());
        if (target == null) {
            List<NotificationDelivery.Attempt> attempts = new ArrayList<>(log.log());
            attempts.add(new NotificationDelivery.Attempt(attempts.size() + 1, clock.instant(), 0,
                    "the " + log.channel() + " target was removed"));
            NotificationDelivery refused = log.with("REFUSED", attempts, clock.instant());
            save(tenant, refused);
            return refused;
        }
        return attempt(tenant, log, target, stored.content());
    }

    /** Where a logged message goes now (the recipient may have changed the address), or null when gone. */
    private Target currentTarget(String tenant, String channel, String recipient, String subscriptionId) {
        NotificationPreferences creator = creatorPreferences.apply(tenant);
        return switch (channel) {
            case "webhook" -> creator.webhookUrl() == null ? null
                    : new Target(channel, CREATOR, null, creator.webhookUrl(), creator.signingSecret(), null);
            case "chat" -> creator.chat() == null || creator.chat().address() == null ? null
                    : new Target(channel, CREATOR, null, creator.chat().address(), null, null);
            case "email" -> {
                MemberPreferences member = recipients.preferences(tenant, recipient);
                yield member.email() == null ? null : new Target(channel, recipient, null, member.email().address(),
                        null, null);
            }
            case "push" -> {
                PushSubscription subscription = recipients.subscription(tenant, recipient, subscriptionId);
                yield subscription == null ? null : new Target(channel, recipient, subscriptionId,
                        subscription.endpoint(), subscription.keys().p256dh(), subscription.keys().auth());
            }
            default -> null;
        };
    }

    /** Attempts delivery with doubling backoff, appending to the log; returns the final log. */
    private NotificationDelivery attempt(String tenant, NotificationDelivery log, Target target,
                                         RenderedMessage content) {
        NotificationChannel channel = channels.get(target.channel());
        OutgoingMessage message = new OutgoingMessage(log.messageId(), target.address(), target.secret(),
                target.auth(), content);
        List<NotificationDelivery.Attempt> attempts = new ArrayList<>(log.log());
        String status = "FAILED";
        for (int attempt = 1; attempt <= delivery.attempts(); attempt++) {
            NotificationChannel.Outcome outcome = channel.deliver(message);
            attempts.add(new NotificationDelivery.Attempt(attempts.size() + 1, clock.instant(), outcome.statusCode(),
                    outcome.error()));
            if (outcome.succeeded()) {
                status = "DELIVERED";
                break;
            }
            if (!outcome.retryable()) {
                status = outcome.statusCode() == 0 || outcome.statusCode() == 404 || outcome.statusCode() == 410
                        ? "REFUSED" : "FAILED";
                break;
            }
            if (attempt < delivery.attempts()) {
                save(tenant, log.with("PENDING", attempts, clock.instant()));
                if (!pause(delivery.backoff().multipliedBy(1L << (attempt - 1)))) {
                    break;
                }
            }
        }
        NotificationDelivery done = log.with(status, attempts, clock.instant());
        save(tenant, done);
        if (!status.equals("DELIVERED")) {
            Telemetry.count("NotificationDeadLettered");
            LOG.warn("message {} of {} on {} was not delivered: {}", log.messageId(), tenant, target.channel(),
                    attempts.getLast().error());
        }
        return done;
    }

    private void save(String tenant, NotificationDelivery log) {
        dynamo.updateItem(u -> u.tableName(table).key(NotificationStore.key(tenant, "msg#" + log.messageId()))
                .updateExpression("SET doc = :d").expressionAttributeValues(Map.of(":d",
                        AttributeValue.fromS(Json.write(log)))));
    }

    /** Schedules a member's next digest; returns the marker's sort key, or null when they want none. */
    String scheduleDigest(String tenant, String memberId, MemberPreferences preferences, Instant after) {
        return preferences.nextDigest(after).map(at -> due(at, "digest", tenant, memberId)).orElse(null);
    }

    /** Sends a member's digest of the 24 hours before the marker's time, then schedules the next. */
    private boolean digest(String tenant, String memberId, String markerSk) {
        if (!markerSk.equals(recipients.digestMarker(tenant, memberId))) {
            return true;
        }
        MemberPreferences preferences = recipients.preferences(tenant, memberId);
        Instant at = Instant.parse(markerSk.substring(0, markerSk.indexOf('#')));
        Map<String, Integer> counts = new TreeMap<>();
        dynamo.query(q -> q.tableName(table).keyConditionExpression("tenantId = :t AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenant),
                        ":a", AttributeValue.fromS("n#" + Times.sortable(at.minus(Duration.ofDays(1)))),
                        ":b", AttributeValue.fromS("n#" + Times.sortable(at)))))
                .items().forEach(item -> counts.merge(Json.read(item.get("doc").s(), Notification.class).kind(), 1,
                        Integer::sum));
        RenderedMessage content = templates.digest(counts, at.atZone(preferences.zone()).toLocalDate().toString());
        String batchId = NotificationStore.hash(tenant + "\n" + memberId + "\n" + markerSk).substring(0, 20);
        var member = new NotificationRecipients.Member(memberId, preferences, recipients.members(tenant).stream()
                .filter(m -> m.memberId().equals(memberId)).findFirst().map(NotificationRecipients.Member::subscriptions)
                .orElse(Map.of()));
        memberTargets(member, NotificationKinds.DAILY_DIGEST, "INFO")
                .forEach(target -> start(tenant, batchId, target, content, Optional.empty()));
        String next = scheduleDigest(tenant, memberId, preferences, at);
        if (next != null) {
            dynamo.updateItem(u -> u.tableName(table).key(NotificationStore.key(tenant, "member#" + memberId))
                    .updateExpression("SET digestMarker = :m")
                    .expressionAttributeValues(Map.of(":m", AttributeValue.fromS(next))));
        }
        return true;
    }

    private String due(Instant at, String type, String tenant, String ref) {
        String sk = Times.sortable(at) + "#" + type + "#" + tenant + "#" + ref;
        dynamo.putItem(p -> p.tableName(table).item(Map.of("tenantId", AttributeValue.fromS(DUE),
                "sk", AttributeValue.fromS(sk), "type", AttributeValue.fromS(type),
                "tenant", AttributeValue.fromS(tenant), "ref", AttributeValue.fromS(ref))));
        return sk;
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
}
