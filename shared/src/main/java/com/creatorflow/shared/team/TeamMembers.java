package com.creatorflow.shared.team;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.Forbidden;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The API guard's view of a tenant's team in the {@code TeamTable} (partition {@code tenantId}, sort {@code key}):
 * which role a member has now, read at most every {@code MEMBER_CACHE_SECONDS} per member and process, and the
 * founding of a tenant's team by its first signed-in identity, which becomes its owner.
 */
public final class TeamMembers {
    /** Seconds a member's role is kept in memory when {@code MEMBER_CACHE_SECONDS} is not set. */
    public static final int DEFAULT_CACHE_SECONDS = 5;
    static final String PK = "tenantId";
    static final String SK = "sk";
    static final String TEAM = "team";
    private static final int CACHE_LIMIT = 10_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration cacheFor;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Role role, long until) {
    }

    public TeamMembers(DynamoDbClient dynamo, String table, Duration cacheFor, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    /** The members on {@code TEAM_TABLE}, cached for {@code MEMBER_CACHE_SECONDS}. */
    public static TeamMembers fromEnv(Env env) {
        return new TeamMembers(env.aws().dynamo(), env.require("TEAM_TABLE"),
                Duration.ofSeconds(env.getInt("MEMBER_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)), Clock.systemUTC());
    }

    static Map<String, AttributeValue> key(String tenantId, String sortKey) {
        return Map.of(PK, AttributeValue.fromS(tenantId), SK, AttributeValue.fromS(sortKey));
    }

    static String memberKey(String memberId) {
        return "member#" + memberId;
    }

    /**
     * The role the caller holds now. A member whose token names another role (changed since sign-in) or who is no
     * member (removed, never invited) is refused; a tenant without any team is founded by this caller as its owner,
     * unless its token claims a lesser role.
     *
     * @param claimed the role the token carries, null when it carries none (Cognito without a token trigger)
     */
    public Role verify(String tenantId, String memberId, Role claimed) {
        Role role = roleOf(tenantId, memberId)
                .or(() -> (claimed == null || claimed == Role.OWNER) && found(tenantId, memberId)
                        ? Optional.of(Role.OWNER) : Optional.empty())
                .orElseThrow(() -> new Forbidden("member " + memberId + " is not on this account's team"));
        if (claimed != null && claimed != role) {
            throw new Forbidden("the token's role " + claimed.claim() + " is no longer the member's role ("
                    + role.claim() + "); sign in again");
        }
        return role;
    }

    /** The member's role, from memory when read less than the cache time ago; absence is never cached. */
    public Optional<Role> roleOf(String tenantId, String memberId) {
        String cacheKey = tenantId + "#" + memberId;
        long now = clock.millis();
        Cached cached = cache.get(cacheKey);
        if (cached != null && cached.until() > now) {
            return Optional.of(cached.role());
        }
        var item = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, memberKey(memberId)))
                .consistentRead(true)).item();
        if (item == null || !item.containsKey("role")) {
            cache.remove(cacheKey);
            return Optional.empty();
        }
        Role role = Role.valueOf(item.get("role").s());
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(cacheKey, new Cached(role, now + cacheFor.toMillis()));
        return Optional.of(role);
    }

    /** Founds the tenant's team with this member as its one owner; false when the tenant already has a team. */
    private boolean found(String tenantId, String memberId) {
        String now = clock.instant().toString();
        Put team = Put.builder().tableName(table).conditionExpression("attribute_not_exists(" + SK + ")")
                .item(Map.of(PK, AttributeValue.fromS(tenantId), SK, AttributeValue.fromS(TEAM),
                        "owners", AttributeValue.fromN("1"), "foundedAt", AttributeValue.fromS(now))).build();
        Put owner = Put.builder().tableName(table).item(Map.of(PK, AttributeValue.fromS(tenantId),
                SK, AttributeValue.fromS(memberKey(memberId)), "memberId", AttributeValue.fromS(memberId),
                "role", AttributeValue.fromS(Role.OWNER.name()), "joinedAt", AttributeValue.fromS(now))).build();
        Put audit = TeamAudit.entry(table, tenantId, clock.instant(), "TEAM_FOUNDED", memberId, null, Role.OWNER,
                "user:" + memberId);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(List.of(TransactWriteItem.builder().put(team).build(),
                    TransactWriteItem.builder().put(owner).build(), TransactWriteItem.builder().put(audit).build())));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }
}
