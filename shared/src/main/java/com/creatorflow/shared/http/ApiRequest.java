package com.creatorflow.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.creatorflow.shared.crypto.Digests;
import com.creatorflow.shared.error.PayloadTooLarge;
import com.creatorflow.shared.error.PreconditionFailed;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.team.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what handlers need from an API Gateway HTTP API (payload v2) event: the caller's tenant from the JWT
 * authorizer's claims, path and query parameters, and the body. It is the one place where request input is parsed
 * before the domain sees it: every path parameter is checked as an {@link #id id}, a JSON body must be an object,
 * and a body bound to a type names the field whose shape is wrong, so bad input is a 400 naming the field rather
 * than a failure deeper down (a DynamoDB key over its size limit, a null or a value of another type).
 */
public final class ApiRequest {
    /** The claim that carries the creator's tenant id (a Cognito custom attribute). */
    public static final String TENANT_CLAIM = "custom:tenant_id";
    /** The claim that names the signed-in team member; without it the member is the token's {@code sub}. */
    public static final String MEMBER_CLAIM = "member_id";
    /** The claim that carries the member's role ({@code owner}, {@code manager}, {@code packer}, {@code viewer}). */
    public static final String ROLE_CLAIM = "role";
    /**
     * The longest id (order, SKU, job, version, carrier) a request may name. Ids become parts of DynamoDB keys,
     * whose sort keys hold at most 1,024 bytes: 128 characters are at most 512 UTF-8 bytes.
     */
    public static final int MAX_ID_LENGTH = 128;

    /** The most bytes a JSON body may have unless its route allows more (a 413 above it). */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** Binds request bodies: the project's mapper, but a field the target type does not have is refused. */
    private static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final APIGatewayV2HTTPEvent event;
    private Role role;

    /** Wraps an event. */
    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    /**
     * The tenant of the authenticated caller. The authorizer guarantees a valid token; no tenant, or one that is not
     * an {@link #id id} (a {@code #} would reach into another tenant's key space), is a 403.
     */
    public String tenantId() {
        String tenant = claim(TENANT_CLAIM).orElseThrow(() -> new MissingTenant("the token carries no "
                + TENANT_CLAIM + " claim"));
        try {
            return id(TENANT_CLAIM, tenant);
        } catch (ValidationFailed e) {
            throw new MissingTenant("the token's " + TENANT_CLAIM + " is not a tenant id");
        }
    }

    /**
     * The caller's role in the tenant's team as the {@link ApiGuard} verified it; empty on a route that needs no
     * member ({@link Permission#SIGNED_IN}).
     */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /** Records the role the guard verified against the team. */
    void verified(Role verified) {
        this.role = verified;
    }

    /** The caller's subject (user id) for the audit trail. */
    public String subject() {
        return claim("sub").orElse("unknown");
    }

    /** The signed-in team member: the {@code member_id} claim, else the subject. */
    public String memberId() {
        return claim(MEMBER_CLAIM).or(() -> claim("sub")).map(value -> id(MEMBER_CLAIM, value))
                .orElseThrow(() -> new MissingTenant("the token names no member (" + MEMBER_CLAIM + " or sub)"));
    }

    /**
     * A key of the caller's token for the per-token rate limit: its {@code jti}, else a SHA-256 of the
     * {@code Authorization} header, else the member. The token itself is never stored.
     */
    public String tokenKey() {
        return claim("jti").or(() -> header("Authorization").map(Digests::sha256Hex))
                .orElseGet(() -> "member:" + claim("sub").orElse("unknown"));
    }

    /** A claim of the caller's token. */
    public Optional<String> claim(String name) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return Optional.empty();
        }
        Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
        return claims == null ? Optional.empty() : Optional.ofNullable(claims.get(name));
    }

    /** The route key, for example {@code GET /v1/orders/{orderId}}. */
    public String routeKey() {
        return event.getRouteKey();
    }

    /** A path parameter that the route guarantees, checked as an {@link #id id}. */
    public String path(String name) {
        Map<String, String> params = event.getPathParameters();
        return id(name, params == null ? null : params.get(name));
    }

    /**
     * Checks an id that names a stored item, wherever the request carries it (a path parameter, an order id in the
     * query or the body): 1 to {@value #MAX_ID_LENGTH} characters, no control characters, no {@code #} (the
     * separator of our keys), no surrounding spaces. Anything else is a 400 naming the field.
     */
    public static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationFailed(field, field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new ValidationFailed(field, field + " must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (!value.equals(value.strip()) || value.chars().anyMatch(c -> c == '#' || Character.isISOControl(c))) {
            throw new ValidationFailed(field, field + " must not contain '#', control characters or surrounding "
                    + "spaces");
        }
        return value;
    }

    /** A body field that lists ids ({@code orderIds}): an array whose every element is an {@link #id id}. */
    public static List<String> ids(JsonNode body, String field) {
        JsonNode ids = body.path(field);
        if (!ids.isArray()) {
            throw new ValidationFailed(field, field + " must be an array of ids");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            out.add(id(field + "[" + i + "]", id.isTextual() || id.isNumber() ? id.asText() : null));
        }
        return out;
    }

    /** An optional query parameter that names an item, checked as an {@link #id id}. */
    public Optional<String> queryId(String name) {
        return query(name).map(value -> id(name, value));
    }

    /** An optional query parameter. */
    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name)).filter(v -> !v.isBlank());
    }

    /** An optional integer query parameter within bounds; anything else is a 400 naming it. */
    public int queryInt(String name, int fallback, int min, int max) {
        return query(name).map(text -> {
            try {
                int value = Integer.parseInt(text);
                if (value < min || value > max) {
                    throw new ValidationFailed(name, name + " must be between " + min + " and " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ValidationFailed(name, name + " must be a whole number");
            }
        }).orElse(fallback);
    }

    /** The raw body bytes (decoded when API Gateway base64-encoded them), at most {@value #MAX_JSON_BYTES}. */
    public byte[] bodyBytes() {
        return bodyBytes(MAX_JSON_BYTES);
    }

    /**
     * The raw body bytes (decoded when API Gateway base64-encoded them); a body over {@code maxBytes} is a 413
     * ({@link PayloadTooLarge}). API Gateway's own limit (10 MB) stays the outer bound; this is each route's.
     */
    public byte[] bodyBytes(int maxBytes) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new PayloadTooLarge(bytes.length, maxBytes);
        }
        return bytes;
    }

    /**
     * The body as a JSON object of at most {@value #MAX_JSON_BYTES} bytes whose top-level fields are all among
     * {@code accepted}: a missing body, malformed JSON, JSON other than an object or an unknown field is a 400
     * naming it, a larger body a 413.
     */
    public ObjectNode jsonBody(String... accepted) {
        return jsonBody(MAX_JSON_BYTES, accepted);
    }

    /** {@link #jsonBody(String...)} for a route that accepts bodies up to {@code maxBytes}. */
    public ObjectNode jsonBody(int maxBytes, String... accepted) {
        return onlyFields(object(maxBytes), null, accepted);
    }

    private ObjectNode object(int maxBytes) {
        byte[] bytes = bodyBytes(maxBytes);
        if (bytes.length == 0) {
            throw new ValidationFailed("body", "a JSON body is required");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new ValidationFailed("body", "the body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new ValidationFailed("body", "the body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    /** {@link #jsonBody(String...)}, or an empty object when the request has no body (an optional body). */
    public ObjectNode optionalJsonBody(String... accepted) {
        return bodyBytes().length == 0 ? Json.object() : jsonBody(accepted);
    }

    /**
     * Checks that an object of a request names only accepted fields; the first other one is a 400 naming it by its
     * path ({@code reason}, {@code components[2].note}) and listing what is accepted.
     *
     * @param object the object
     * @param at its path in the request, or null for the body itself
     * @param accepted the fields it may have
     */
    public static ObjectNode onlyFields(ObjectNode object, String at, String... accepted) {
        Set<String> allowed = Set.of(accepted);
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw unknownField(at == null ? name : at + "." + name, new TreeSet<>(allowed));
            }
        }
        return object;
    }

    private static ValidationFailed unknownField(String path, Collection<String> accepted) {
        return new ValidationFailed(path, path + " is not a field of this request"
                + (accepted.isEmpty() ? "" : "; accepted: " + String.join(", ", accepted)));
    }

    /**
     * The body bound to a type whose fields are the ones the route accepts: a field of the wrong shape or a field
     * the type does not have, at any depth, is a 400 naming it ({@link #bind}).
     */
    public <T> T body(Class<T> type) {
        return bind(object(MAX_JSON_BYTES), type, null);
    }

    /**
     * Binds a JSON value of a request to a type. A part that does not fit (another type, a value the type refuses,
     * a field the type does not have) is a 400 naming it by its path, under {@code field} when given:
     * {@code edits}, {@code kinds[0]}, {@code edits.shippingAddress.city}.
     */
    public static <T> T bind(JsonNode value, Class<T> type, String field) {
        try {
            return STRICT.treeToValue(value, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            StringBuilder at = new StringBuilder(field == null ? "" : field);
            if (e instanceof JsonMappingException mapping) {
                for (JsonMappingException.Reference part : mapping.getPath()) {
                    if (part.getFieldName() != null) {
                        at.append(at.isEmpty() ? "" : ".").append(part.getFieldName());
                    } else if (part.getIndex() >= 0) {
                        at.append('[').append(part.getIndex()).append(']');
                    }
                }
            }
            String name = at.isEmpty() ? "body" : at.toString();
            if (e instanceof UnrecognizedPropertyException unknown) {
                List<String> known = new ArrayList<>();
                if (unknown.getKnownPropertyIds() != null) {
                    unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
                }
                throw unknownField(name, new TreeSet<>(known));
            }
            Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
            throw new ValidationFailed(name, name + " must be " + expected(target));
        }
    }

    /** What a field of this type must be, in words. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number in range";
        }
        return "a valid " + type.getSimpleName();
    }

    /**
     * The version an {@code If-Match} header asks for, when it names one ({@code "7"}, the {@link ApiResponses#etag
     * ETag} of version 7); empty without the header or with {@code *}. A list or a tag this API never issued (weak
     * tags included: If-Match compares strongly) cannot match any version, so it is a 412.
     */
    public Optional<Long> ifMatchVersion() {
        Optional<String> header = header("If-Match").map(String::strip).filter(v -> !v.isEmpty());
        if (header.isEmpty() || header.get().equals("*")) {
            return Optional.empty();
        }
        String tag = header.get();
        if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")
                && tag.substring(1, tag.length() - 1).chars().allMatch(c -> c >= '0' && c <= '9')
                && tag.length() < 21) {
            return Optional.of(Long.parseLong(tag.substring(1, tag.length() - 1)));
        }
        throw new PreconditionFailed("If-Match " + tag + " is not an ETag this API issued; read the resource again");
    }

    /**
     * Checks {@code If-Match} against the stored version of the resource the request changes: a 412 when it names
     * another version. Without the header the request goes ahead (the last write wins, as before ETags).
     */
    public void requireMatch(long storedVersion) {
        ifMatchVersion().filter(expected -> expected != storedVersion).ifPresent(expected -> {
            throw new PreconditionFailed("If-Match names version " + expected + " but the stored version is "
                    + storedVersion + "; read it again");
        });
    }

    /** A header, case-insensitively. */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The caller's token carries no tenant (or member): a 403, not a 401, because the token itself was valid. */
    public static final class MissingTenant extends com.creatorflow.shared.error.CreatorFlowException {
        private static final long serialVersionUID = 1L;

        MissingTenant() {
            this("the token carries no " + TENANT_CLAIM + " claim");
        }

        MissingTenant(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 403;
        }
    }
}
