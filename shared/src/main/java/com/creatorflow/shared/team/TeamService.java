package com.creatorflow.shared.team;

import static com.creatorflow.shared.team.TeamMembers.PK;
import static com.creatorflow.shared.team.TeamMembers.SK;
import static com.creatorflow.shared.team.TeamMembers.TEAM;
import static com.creatorflow.shared.team.TeamMembers.key;
import static com.creatorflow.shared.team.TeamMembers.memberKey;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.Digests;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.error.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A creator's team: members with a {@link Role}, invitations by email with an expiry, role changes and removals.
 * Every change is one transaction with its {@link TeamAudit} entry. The team item counts the owners, and a demotion
 * or removal of an owner is conditioned on more than one being left, so no two concurrent changes can leave a team
 * without an owner. Invitation tokens are bearer secrets: only their SHA-256 is stored; emails are sealed with the
 * {@link PiiCipher}.
 */
public final class TeamService {
    /** How long an invitation is valid when the request names no time. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(72);
    /** The longest an invitation may be valid. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(30);
    private static final String INVITE = "invite#";
    private static final String TOKEN_PREFIX = "cfi_";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Duration KEEP_EXPIRED = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final PiiCipher cipher;
    private final Clock clock;

    public TeamService(DynamoDbClient dynamo, String table, PiiCipher cipher, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The team of {@code TEAM_TABLE}. */
    public static TeamService fromEnv(Env env) {
        return new TeamService(env.aws().dynamo(), env.require("TEAM_TABLE"), PiiCipher.fromEnv(env),
                Clock.systemUTC());
    }

    /**
     * A member.
     *
     * @param memberId the signed-in identity ({@code member_id}, else {@code sub})
     * @param role the role, as tokens spell it
     * @param email the address the invitation went to; null for the founding owner
     * @param joinedAt when it joined
     */
    public record Member(String memberId, String role, String email, Instant joinedAt) {
    }

    /**
     * An invitation not yet accepted.
     *
     * @param invitationId its id
     * @param email who it is for
     * @param role the role it grants
     * @param expiresAt when it stops working
     * @param expired whether that time has passed (expired invitations are listed for a week)
     */
    public record Invitation(String invitationId, String email, String role, Instant expiresAt, boolean expired) {
    }

    /** An invitation just made, with the one-time token to hand to the invitee. */
    public record Invited(String invitationId, String token, String email, String role, Instant expiresAt) {
    }

    /** The members and open invitations of a tenant. */
    public record Team(List<Member> members, List<Invitation> invitations) {
    }

    /** The tenant's members and invitations. */
    public Team list(String tenantId) {
        List<Member> members = new ArrayList<>();
        query(tenantId, "member#", true, 1000).forEach(item -> members.add(member(tenantId, item)));
        Instant now = clock.instant();
        List<Invitation> invitations = new ArrayList<>();
        query(tenantId, INVITE, true, 1000).forEach(item -> {
            Instant expires = Instant.parse(item.get("expiresAt").s());
            invitations.add(new Invitation(item.get("invitationId").s(), email(item, inviteContext(tenantId,
                    item.get("invitationId").s())), Role.valueOf(item.get("role").s()).claim(), expires,
                    !expires.isAfter(now)));
        });
        return new Team(members, invitations);
    }

    /** The newest entries of the team's audit trail first. */
    public List<TeamAudit> audit(String tenantId, int limit) {
        return query(tenantId, TeamAudit.PREFIX, false, limit).stream().map(TeamAudit::of).toList();
    }

    /** Invites an email address to the team with a role, valid for the given time (null: 72 hours). */
    public Invited invite(String tenantId, String email, Role role, Duration validFor, String actor) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new ValidationFailed("email", "email must be an email address");
        }
        Duration validity = validFor == null ? DEFAULT_VALIDITY : validFor;
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new ValidationFailed("expiresInHours", "expiresInHours must be between 1 and "
                    + MAX_VALIDITY.toHours());
        }
        String invitationId = UUID.randomUUID().toString();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(validity);
        Map<String, AttributeValue> item = new HashMap<>(key(tenantId, INVITE + invitationId));
        item.put("invitationId", AttributeValue.fromS(invitationId));
        item.put("role", AttributeValue.fromS(role.name()));
        item.put("secretHash", AttributeValue.fromS(Digests.sha256Hex(secretText)));
        item.put("email", AttributeValue.fromB(SdkBytes.fromByteArray(cipher.encrypt(email,
                inviteContext(tenantId, invitationId)))));
        item.put("expiresAt", AttributeValue.fromS(expires.toString()));
        item.put("expiration", AttributeValue.fromN(Long.toString(expires.plus(KEEP_EXPIRED).getEpochSecond())));
        item.put("invitedBy", AttributeValue.fromS(actor));
        write(Put.builder().tableName(table).item(item).build(), null,
                TeamAudit.entry(table, tenantId, now, "INVITED", invitationId, null, role, actor));
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tenantId.getBytes(StandardCharsets.UTF_8)) + "." + invitationId + "." + secretText;
        return new Invited(invitationId, token, email, role.claim(), expires);
    }

    /** Withdraws an invitation not yet accepted. */
    public void revoke(String tenantId, String invitationId, String actor) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, INVITE + invitationId))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            throw new InvitationNotFound("invitation " + invitationId + " not found");
        }
        Delete delete = Delete.builder().tableName(table).key(key(tenantId, INVITE + invitationId))
                .conditionExpression("attribute_exists(" + SK + ")").build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().delete(delete).build(),
                    TransactWriteItem.builder().put(TeamAudit.entry(table, tenantId, clock.instant(),
                            "INVITATION_REVOKED", invitationId, null, Role.valueOf(item.get("role").s()), actor))
                            .build()));
        } catch (TransactionCanceledException e) {
            throw new InvitationNotFound("invitation " + invitationId + " not found");
        }
    }

    /**
     * Accepts an invitation: the signed-in identity becomes a member of the invitation's tenant with its role. The
     * invitation is used up in the same transaction.
     *
     * @return the tenant joined and the member
     */
    public Joined accept(String token, String memberId) {
        String[] parts = token == null || !token.startsWith(TOKEN_PREFIX) ? new String[0]
                : token.substring(TOKEN_PREFIX.length()).split("\\.", -1);
        String tenantId;
        try {
            tenantId = parts.length == 3 ? new String(Base64.getUrlDecoder().decode(parts[0]),
                    StandardCharsets.UTF_8) : null;
        } catch (IllegalArgumentException e) {
            tenantId = null;
        }
        if (tenantId == null || tenantId.isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new ValidationFailed("token", "token must be an invitation token (cfi_...)");
        }
        String tenant = tenantId;
        String invitationId = parts[1];
        var item = dynamo.getItem(r -> r.tableName(table).key(key(tenant, INVITE + invitationId))
                .consistentRead(true)).item();
        String hash = Digests.sha256Hex(parts[2]);
        if (item == null || item.isEmpty() || !MessageDigest.isEqual(hash.getBytes(StandardCharsets.UTF_8),
                item.get("secretHash").s().getBytes(StandardCharsets.UTF_8))) {
            throw new InvitationNotFound("no open invitation for this token");
        }
        Instant now = clock.instant();
        if (!Instant.parse(item.get("expiresAt").s()).isAfter(now)) {
            throw new InvitationExpired("the invitation expired at " + item.get("expiresAt").s());
        }
        Role role = Role.valueOf(item.get("role").s());
        String email = email(item, inviteContext(tenant, invitationId));
        Delete used = Delete.builder().tableName(table).key(key(tenant, INVITE + invitationId))
                .conditionExpression("secretHash = :hash AND expiresAt > :now")
                .expressionAttributeValues(Map.of(":hash", AttributeValue.fromS(hash),
                        ":now", AttributeValue.fromS(now.toString()))).build();
        Map<String, AttributeValue> member = new HashMap<>(key(tenant, memberKey(memberId)));
        member.put("memberId", AttributeValue.fromS(memberId));
        member.put("role", AttributeValue.fromS(role.name()));
        member.put("joinedAt", AttributeValue.fromS(now.toString()));
        member.put("email", AttributeValue.fromB(SdkBytes.fromByteArray(cipher.encrypt(email,
                memberContext(tenant, memberId)))));
        member.put("invitedBy", item.get("invitedBy"));
        Put join = Put.builder().tableName(table).item(member)
                .conditionExpression("attribute_not_exists(" + SK + ")").build();
        List<TransactWriteItem> items = new ArrayList<>(List.of(TransactWriteItem.builder().delete(used).build(),
                TransactWriteItem.builder().put(join).build(),
                TransactWriteItem.builder().put(TeamAudit.entry(table, tenant, now, "JOINED", memberId, null, role,
                        "user:" + memberId)).build()));
        if (role == Role.OWNER) {
            items.add(TransactWriteItem.builder().update(owners(tenant, 1)).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (failed(e, 1)) {
                throw new AlreadyMember("member " + memberId + " already is on this team");
            }
            throw new InvitationNotFound("no open invitation for this token");
        }
        return new Joined(tenant, new Member(memberId, role.claim(), email, now));
    }

    /** The tenant an accepted invitation joined, and the new member. */
    public record Joined(String tenantId, Member member) {
    }

    /** Gives a member another role; demoting the last owner is refused. */
    public Member changeRole(String tenantId, String memberId, Role role, String actor) {
        Map<String, AttributeValue> current = memberItem(tenantId, memberId);
        Role from = Role.valueOf(current.get("role").s());
        if (from == role) {
            return member(tenantId, current);
        }
        Update change = Update.builder().tableName(table).key(key(tenantId, memberKey(memberId)))
                .updateExpression("SET #role = :to").conditionExpression("#role = :from")
                .expressionAttributeNames(Map.of("#role", "role"))
                .expressionAttributeValues(Map.of(":to", AttributeValue.fromS(role.name()),
                        ":from", AttributeValue.fromS(from.name()))).build();
        Update owners = from == Role.OWNER ? owners(tenantId, -1) : role == Role.OWNER ? owners(tenantId, 1) : null;
        write(TransactWriteItem.builder().update(change).build(), owners,
                TeamAudit.entry(table, tenantId, clock.instant(), "ROLE_CHANGED", memberId, from, role, actor));
        return member(tenantId, memberItem(tenantId, memberId));
    }

    /** Removes a member from the team; removing the last owner is refused. Its tokens stop working. */
    public void remove(String tenantId, String memberId, String actor) {
        Role from = Role.valueOf(memberItem(tenantId, memberId).get("role").s());
        Delete delete = Delete.builder().tableName(table).key(key(tenantId, memberKey(memberId)))
                .conditionExpression("#role = :from").expressionAttributeNames(Map.of("#role", "role"))
                .expressionAttributeValues(Map.of(":from", AttributeValue.fromS(from.name()))).build();
        write(TransactWriteItem.builder().delete(delete).build(), from == Role.OWNER ? owners(tenantId, -1) : null,
                TeamAudit.entry(table, tenantId, clock.instant(), "MEMBER_REMOVED", memberId, from, null, actor));
    }

    private Map<String, AttributeValue> memberItem(String tenantId, String memberId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, memberKey(memberId)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            throw new MemberNotFound("member " + memberId + " not found");
        }
        return item;
    }

    /** Adds {@code delta} owners to the team item; taking one away needs more than one left. */
    private Update owners(String tenantId, int delta) {
        Update.Builder update = Update.builder().tableName(table).key(key(tenantId, TEAM))
                .updateExpression("ADD owners :delta")
                .expressionAttributeValues(delta < 0
                        ? Map.of(":delta", AttributeValue.fromN(Integer.toString(delta)),
                                ":one", AttributeValue.fromN("1"))
                        : Map.of(":delta", AttributeValue.fromN(Integer.toString(delta))));
        return update.conditionExpression(delta < 0 ? "owners > :one" : "attribute_exists(" + SK + ")").build();
    }

    private void write(Put put, Update owners, Put audit) {
        write(TransactWriteItem.builder().put(put).build(), owners, audit);
    }

    private void write(TransactWriteItem change, Update owners, Put audit) {
        List<TransactWriteItem> items = new ArrayList<>(List.of(change,
                TransactWriteItem.builder().put(audit).build()));
        if (owners != null) {
            items.add(TransactWriteItem.builder().update(owners).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (owners != null && failed(e, 2)) {
                throw new LastOwner("the team must keep at least one owner");
            }
            throw new MemberChanged("the member changed meanwhile; read the team again");
        }
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > index
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(index).code());
    }

    private List<Map<String, AttributeValue>> query(String tenantId, String prefix, boolean forward, int limit) {
        return dynamo.query(r -> r.tableName(table).keyConditionExpression("#pk = :pk AND begins_with(#sk, :p)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(tenantId),
                        ":p", AttributeValue.fromS(prefix)))
                .scanIndexForward(forward).limit(limit).consistentRead(true)).items();
    }

    private Member member(String tenantId, Map<String, AttributeValue> item) {
        String memberId = item.get("memberId").s();
        return new Member(memberId, Role.valueOf(item.get("role").s()).claim(),
                email(item, memberContext(tenantId, memberId)), Instant.parse(item.get("joinedAt").s()));
    }

    private String email(Map<String, AttributeValue> item, String context) {
        AttributeValue sealed = item.get("email");
        return sealed == null ? null : cipher.decrypt(sealed.b().asByteArray(), context);
    }

    private static String inviteContext(String tenantId, String invitationId) {
        return "team:" + tenantId + "#invite#" + invitationId;
    }

    private static String memberContext(String tenantId, String memberId) {
        return "team:" + tenantId + "#member#" + memberId;
    }
}
