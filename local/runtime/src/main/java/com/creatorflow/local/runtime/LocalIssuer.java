package com.creatorflow.local.runtime;

import com.creatorflow.shared.http.JwtAuthorizer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local runtime's OpenID Connect issuer, standing in for the Cognito user pool: it signs creators' tokens with
 * its RS256 key (header {@code kid}), publishes the public key as a JWK set and describes itself in an OpenID
 * discovery document, so the front door (and anyone else) verifies tokens the way API Gateway's JWT authorizer does.
 */
public final class LocalIssuer {
    /** The roles a token can carry (enforced by the API, not here). */
    public static final List<String> ROLES = List.of("owner", "manager", "packer", "viewer");
    /** The role of a token whose request names none. */
    public static final String DEFAULT_ROLE = "owner";
    /** The claim with the creator's tenant id. */
    public static final String TENANT_CLAIM = "tenant_id";
    /** The same tenant id as Cognito spells a custom attribute in its ID tokens (what the handlers read). */
    public static final String COGNITO_TENANT_CLAIM = "custom:tenant_id";
    /** The claim with the signed-in team member's id. */
    public static final String MEMBER_CLAIM = "member_id";
    /** The claim with the member's role. */
    public static final String ROLE_CLAIM = "role";
    /** Where the public keys are published, below the issuer URL. */
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    /** Where the discovery document is published, below the issuer URL. */
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final RSAKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * @param key the private signing key (with its kid)
     * @param issuer the issuer URL ({@code iss}); the discovery document and key set are served below it
     * @param audience the audience ({@code aud}) the template's authorizer expects
     * @param clock the clock of {@code iat} and {@code exp}
     */
    public LocalIssuer(RSAKey key, String issuer, String audience, Clock clock) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("the issuer needs a private key");
        }
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * Who a token is for.
     *
     * @param tenantId the creator account
     * @param subject the user ({@code sub})
     * @param memberId the team member of the account
     * @param role one of {@link #ROLES}
     */
    public record Identity(String tenantId, String subject, String memberId, String role) {
        public Identity {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("role must be one of " + ROLES);
            }
        }
    }

    /** A token for the account's owner (subject and member id alike). */
    public String issue(String tenantId, String subject, Duration validity) {
        return issue(new Identity(tenantId, subject, subject, DEFAULT_ROLE), validity);
    }

    /** A signed token for a member of a tenant, valid for the given time. */
    public String issue(Identity identity, Duration validity) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(identity.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .jwtID(UUID.randomUUID().toString())
                .claim(TENANT_CLAIM, identity.tenantId())
                .claim(COGNITO_TENANT_CLAIM, identity.tenantId())
                .claim(MEMBER_CLAIM, identity.memberId())
                .claim(ROLE_CLAIM, identity.role())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }

    /** The issuer URL ({@code iss}). */
    public String issuer() {
        return issuer;
    }

    /** The audience ({@code aud}). */
    public String audience() {
        return audience;
    }

    /** The public keys only, as served at {@link #JWKS_PATH}. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** The OpenID discovery document served at {@link #DISCOVERY_PATH}. */
    public Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer + JWKS_PATH);
        document.put("token_endpoint", issuer + "/local/token");
        document.put("response_types_supported", List.of("id_token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(JWSAlgorithm.RS256.getName()));
        document.put("claims_supported", List.of("iss", "aud", "sub", "iat", "exp", "jti", TENANT_CLAIM,
                COGNITO_TENANT_CLAIM, MEMBER_CLAIM, ROLE_CLAIM));
        return document;
    }

    /** The front door's authorizer for this issuer's tokens, reading its public keys in-process. */
    public JwtAuthorizer authorizer() {
        return new JwtAuthorizer(new ImmutableJWKSet<>(publicKeys()), issuer, audience);
    }
}
