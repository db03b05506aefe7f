package com.creatorflow.shared.tiktok.webhook;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.idempotency.Idempotency;
import com.creatorflow.shared.idempotency.IdempotencyRecord;
import com.creatorflow.shared.idempotency.IdempotencyStatus;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.ShopDirectory;
import com.creatorflow.shared.tiktok.TikTokApp;
import com.creatorflow.shared.tiktok.domain.IntakeOutcome;
import com.creatorflow.shared.tiktok.domain.SyncRequest;
import com.creatorflow.shared.tiktok.domain.TikTokEventType;
import com.creatorflow.shared.tiktok.domain.TikTokSigner;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The webhook front door's logic. In order: the body's size (413 over {@value #MAX_BODY_BYTES} bytes, before
 * anything else: the stored notification must fit a DynamoDB item and its sync message an SQS message); the
 * {@code Authorization} signature (constant time) and the replay window (401, empty body, nothing stored); JSON and
 * the envelope schema (400 naming the fields); the shop (404). Then ONE conditional write that is both the
 * idempotency record (key = notification id) and the stored notification; then the order-sync message; then 200. A
 * duplicate answers 200 and changes nothing; the same id with a different body answers 422. Unknown event types are
 * stored as completed and not enqueued. If the enqueue fails the record is released and the answer is 503, so
 * TikTok's retry can deliver it again.
 */
public final class WebhookIntake {
    /** Prefix of the notification records in the idempotency table. */
    public static final String KEY_PREFIX = "tiktok-webhook#";
    /**
     * The largest body accepted (TikTok's webhooks are a few KB). The body is stored whole in one DynamoDB item
     * (at most 400 KB) and its {@code data} travels in the sync message (SQS: at most 256 KiB), each beside a few
     * small attributes (the order ids: at most 400 of 64 characters, by the schema).
     */
    static final int MAX_BODY_BYTES = 200 * 1024;

    private final TikTokApp app;
    private final ShopDirectory shops;
    private final IdempotencyStore records;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration replayWindow;
    private final Duration recordTtl;
    private final Clock clock;

    /** An intake that stores notifications in {@code records} and enqueues them on {@code queueUrl}. */
    public WebhookIntake(TikTokApp app, ShopDirectory shops, IdempotencyStore records, SqsClient sqs, String queueUrl,
                         Duration replayWindow, Duration recordTtl, Clock clock) {
        this.app = app;
        this.shops = shops;
        this.records = records;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.replayWindow = replayWindow;
        this.recordTtl = recordTtl;
        this.clock = clock;
    }

    /** The intake the environment configures ({@code ORDER_SYNC_QUEUE_URL}, replay window, record TTL). */
    public static WebhookIntake fromEnv(Env env) {
        return new WebhookIntake(TikTokApp.fromEnv(env), ShopDirectory.fromEnv(env), IdempotencyStore.fromEnv(env),
                env.aws().sqs(), env.require("ORDER_SYNC_QUEUE_URL"),
                env.getSeconds("WEBHOOK_REPLAY_WINDOW_SECONDS", Duration.ofHours(24)),
                env.getSeconds("WEBHOOK_RECORD_TTL_SECONDS", Duration.ofHours(48)), Clock.systemUTC());
    }

    /**
     * Handles one webhook.
     *
     * @param body the raw body bytes
     * @param authorization the {@code Authorization} header
     * @param remainingMillis the invocation's remaining time (the in-progress deadline of the claim)
     */
    public IntakeOutcome receive(byte[] body, String authorization, long remainingMillis) {
        if (body.length > MAX_BODY_BYTES) {
            return IntakeOutcome.refused(413, "too_large", "PayloadTooLarge", "the body has " + body.length
                    + " bytes; at most " + MAX_BODY_BYTES + " are accepted",
                    List.of(new Problem.FieldError("body", "larger than " + MAX_BODY_BYTES + " bytes")));
        }
        if (!TikTokSigner.verifyWebhook(app.appKey(), app.appSecret(), body, authorization)) {
            return IntakeOutcome.unauthorized(authorization == null || authorization.isBlank()
                    ? "missing_signature" : "bad_signature");
        }
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return IntakeOutcome.refused(400, "malformed_json", "MalformedJson", "the body is not valid JSON",
                    List.of(new Problem.FieldError("body", "not valid JSON")));
        }
        if (envelope == null || !envelope.isObject()) {
            return IntakeOutcome.refused(400, "malformed_json", "MalformedJson", "the body is not a JSON object",
                    List.of(new Problem.FieldError("body", "not a JSON object")));
        }
        List<Problem.FieldError> errors = EnvelopeValidator.errors(envelope);
        if (!errors.isEmpty()) {
            return IntakeOutcome.refused(400, "invalid_envelope", "InvalidWebhook",
                    "the webhook misses or mistypes required fields", errors);
        }
        Instant now = clock.instant();
        Instant pushed = Instant.ofEpochSecond(envelope.get("timestamp").asLong());
        if (pushed.isBefore(now.minus(replayWindow)) || pushed.isAfter(now.plus(Duration.ofMinutes(5)))) {
            return IntakeOutcome.unauthorized("outside_replay_window");
        }
        String shopId = envelope.get("shop_id").asText();
        Optional<ShopDirectory.Entry> shop = shops.find(shopId);
        if (shop.isEmpty()) {
            return IntakeOutcome.refused(404, "unknown_shop", "UnknownShop", "no shop with this shop_id is "
                    + "connected to CreatorFlow", List.of(new Problem.FieldError("$.shop_id", "unknown shop")));
        }
        return store(envelope, body, shop.get(), now, remainingMillis);
    }

    private IntakeOutcome store(JsonNode envelope, byte[] body, ShopDirectory.Entry shop, Instant now,
                                long remainingMillis) {
        String hash = Idempotency.hash(body);
        String notificationId = envelope.path("tts_notification_id").asText("");
        String key = KEY_PREFIX + (notificationId.isEmpty() ? "body-" + hash : notificationId);
        Telemetry.correlate(Telemetry.NOTIFICATION_ID, key.substring(KEY_PREFIX.length()));
        Telemetry.correlate(Telemetry.TENANT_ID, shop.tenantId());
        int typeCode = envelope.get("type").asInt();
        Optional<TikTokEventType> type = TikTokEventType.of(typeCode);
        List<String> orderIds = type.map(t -> t.orderIds(envelope.get("data"))).orElse(List.of());

        Map<String, AttributeValue> stored = new HashMap<>();
        stored.put("shopId", AttributeValue.fromS(shop.shopId()));
        stored.put("tenantId", AttributeValue.fromS(shop.tenantId()));
        stored.put("type", AttributeValue.fromN(Integer.toString(typeCode)));
        stored.put("receivedAt", AttributeValue.fromS(now.toString()));
        stored.put("notification", AttributeValue.fromS(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        if (!orderIds.isEmpty()) {
            stored.put("orderIds", AttributeValue.fromSs(orderIds));
        }
        IdempotencyStatus status = type.isPresent() ? IdempotencyStatus.INPROGRESS : IdempotencyStatus.COMPLETED;
        if (type.isEmpty()) {
            stored.put("data", AttributeValue.fromS("{\"outcome\":\"IGNORED_UNKNOWN_TYPE\"}"));
        }
        IdempotencyStore.Claim claim = records.claim(key, status, hash, recordTtl,
                now.plusMillis(Math.max(1000, remainingMillis)), stored);
        if (!claim.claimed() && claim.existing() == null) {
            // the record vanished between the refused write and the read (released after a failed enqueue)
            claim = records.claim(key, status, hash, recordTtl, now.plusMillis(Math.max(1000, remainingMillis)),
                    stored);
        }
        if (!claim.claimed()) {
            IdempotencyRecord existing = claim.existing();
            if (existing != null && !hash.equals(existing.validation())) {
                return IntakeOutcome.refused(422, "payload_mismatch", "IdempotencyValidation",
                        "this tts_notification_id was already received with a different body", List.of(
                                new Problem.FieldError("$.tts_notification_id", "reused with another body")));
            }
            return IntakeOutcome.ok("duplicate");
        }
        if (type.isEmpty()) {
            return IntakeOutcome.ok("ignored_type");
        }
        SyncRequest request = new SyncRequest(key, notificationId.isEmpty() ? null : notificationId, typeCode,
                shop.shopId(), shop.tenantId(), orderIds, envelope.get("data"), "webhook");
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(request)));
        } catch (RuntimeException e) {
            records.release(key);
            return IntakeOutcome.refused(503, "enqueue_failed", "TemporarilyUnavailable",
                    "the notification could not be queued; retry", List.of());
        }
        return IntakeOutcome.ok("accepted");
    }
}
