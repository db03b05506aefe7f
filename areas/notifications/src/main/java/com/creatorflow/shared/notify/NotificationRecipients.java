package com.creatorflow.shared.notify;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.domain.MemberPreferences;
import com.creatorflow.shared.notify.domain.NotificationNotFound;
import com.creatorflow.shared.notify.domain.PushSubscription;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The team members notifications reach: each member's preferences (their email address sealed with the
 * {@link PiiCipher}) and their browsers' Web Push subscriptions, in the notifications table under
 * {@code member#<member>} and {@code push#<member>#<subscription>}.
 */
public final class NotificationRecipients {
    /**
     * A member with their preferences (email address opened) and subscriptions.
     *
     * @param memberId the member
     * @param preferences what they want
     * @param subscriptions their browsers, by subscription id
     */
    public record Member(String memberId, MemberPreferences preferences, Map<String, PushSubscription> subscriptions) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final PiiCipher cipher;
    private final WebhookAddressPolicy addresses;

    NotificationRecipients(DynamoDbClient dynamo, String table, PiiCipher cipher, WebhookAddressPolicy addresses) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.addresses = addresses;
    }

    /** A member's preferences (none until saved). */
    public MemberPreferences preferences(String tenantId, String memberId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(NotificationStore.key(tenantId, "member#" + memberId)))
                .item();
        return item == null || item.isEmpty() ? MemberPreferences.none() : open(tenantId, memberId, item);
    }

    /** Saves a member's preferences after checking them; returns them as stored (address included). */
    MemberPreferences save(String tenantId, String memberId, MemberPreferences preferences, String digestMarker) {
        MemberPreferences checked = preferences.checked();
        Map<String, AttributeValue> item = new HashMap<>(NotificationStore.key(tenantId, "member#" + memberId));
        item.put("doc", AttributeValue.fromS(Json.write(checked.withoutAddress())));
        if (checked.email() != null) {
            item.put("email", AttributeValue.fromB(SdkBytes.fromByteArray(cipher.encrypt(checked.email().address(),
                    context(tenantId, memberId)))));
        }
        if (digestMarker != null) {
            item.put("digestMarker", AttributeValue.fromS(digestMarker));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
        return checked;
    }

    /** The digest marker stored with a member's preferences, or null. */
    String digestMarker(String tenantId, String memberId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(NotificationStore.key(tenantId, "member#" + memberId))
                .projectionExpression("digestMarker")).item();
        return item == null || !item.containsKey("digestMarker") ? null : item.get("digestMarker").s();
    }

    /** Every member of a tenant who saved preferences, with their subscriptions. */
    public List<Member> members(String tenantId) {
        Map<String, Map<String, PushSubscription>> subscriptions = new HashMap<>();
        NotificationStore.query(dynamo, table, tenantId, "push#").forEach(item -> {
            String[] parts = item.get("sk").s().split("#", 3);
            subscriptions.computeIfAbsent(parts[1], m -> new HashMap<>()).put(parts[2],
                    Json.read(item.get("doc").s(), PushSubscription.class));
        });
        List<Member> members = new ArrayList<>();
        NotificationStore.query(dynamo, table, tenantId, "member#").forEach(item -> {
            String memberId = item.get("sk").s().substring("member#".length());
            members.add(new Member(memberId, open(tenantId, memberId, item),
                    subscriptions.getOrDefault(memberId, Map.of())));
        });
        return members;
    }

    /** One subscription of a member, or null. */
    PushSubscription subscription(String tenantId, String memberId, String subscriptionId) {
        var item = dynamo.getItem(r -> r.tableName(table)
                .key(NotificationStore.key(tenantId, "push#" + memberId + "#" + subscriptionId))).item();
        return item == null || item.isEmpty() ? null : Json.read(item.get("doc").s(), PushSubscription.class);
    }

    /**
     * Stores a browser's subscription for a member after checking it (an endpoint the address policy allows, a
     * P-256 key and a 16-byte secret); the same endpoint keeps its id. Returns the subscription id.
     */
    public String subscribe(String tenantId, String memberId, PushSubscription subscription) {
        if (subscription == null || subscription.endpoint() == null) {
            throw new ValidationFailed("endpoint", "endpoint is required");
        }
        addresses.check("endpoint", subscription.endpoint());
        if (subscription.keys() == null) {
            throw new ValidationFailed("keys", "keys with p256dh and auth are required");
        }
        try {
            VapidKeys.publicKey(decode("keys.p256dh", subscription.keys().p256dh()));
        } catch (GeneralSecurityException e) {
            throw new ValidationFailed("keys.p256dh", "keys.p256dh must be an uncompressed P-256 public key");
        }
        if (decode("keys.auth", subscription.keys().auth()).length != 16) {
            throw new ValidationFailed("keys.auth", "keys.auth must be 16 bytes, base64url");
        }
        String subscriptionId = NotificationStore.hash(tenantId + "\n" + memberId + "\n" + subscription.endpoint());
        dynamo.putItem(r -> r.tableName(table).item(Map.of("tenantId", AttributeValue.fromS(tenantId),
                "sk", AttributeValue.fromS("push#" + memberId + "#" + subscriptionId),
                "doc", AttributeValue.fromS(Json.write(subscription)))));
        return subscriptionId;
    }

    /** Removes one of the member's own subscriptions; another's (or a missing one) is not found. */
    public void unsubscribe(String tenantId, String memberId, String subscriptionId) {
        if (subscriptionId == null || !subscriptionId.matches("[a-f0-9]{32}")
                || subscription(tenantId, memberId, subscriptionId) == null) {
            throw new NotificationNotFound("push subscription", subscriptionId);
        }
        dynamo.deleteItem(r -> r.tableName(table)
                .key(NotificationStore.key(tenantId, "push#" + memberId + "#" + subscriptionId)));
    }

    private MemberPreferences open(String tenantId, String memberId, Map<String, AttributeValue> item) {
        MemberPreferences stored = Json.read(item.get("doc").s(), MemberPreferences.class);
        AttributeValue sealed = item.get("email");
        return sealed == null ? stored
                : stored.withAddress(cipher.decrypt(sealed.b().asByteArray(), context(tenantId, memberId)));
    }

    private static String context(String tenantId, String memberId) {
        return "notify-member:" + tenantId + ":" + memberId;
    }

    private static byte[] decode(String field, String value) {
        try {
            return Base64.getUrlDecoder().decode(value == null ? "" : value.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed(field, field + " must be base64url");
        }
    }
}
