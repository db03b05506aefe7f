package com.creatorflow.local.runtime;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local stand-in for the HTTP API's JWT authorizer: it issues HS256 tokens for a tenant (the local runtime's
 * sign-in) and validates them (signature, issuer, audience, expiry) the way API Gateway validates the identity
 * provider's tokens, handing the claims to the handler in the same place.
 */
public final class LocalJwt {
    private final byte[] secret;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * @param secret the signing secret (32+ bytes)
     * @param issuer the issuer the template's authorizer expects
     * @param audience the audience the template's authorizer expects
     * @param clock the clock used for expiry
     */
    public LocalJwt(byte[] secret, String issuer, String audience, Clock clock) {
        this.secret = secret.clone();
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** A random 256-bit secret. */
    public static byte[] newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** A signed token for a creator of a tenant, valid for the given time. */
    public String issue(String tenantId, String subject, Duration validity) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim("custom:tenant_id", tenantId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }

    /** The claims of a valid bearer token (as API Gateway passes them: every value as text), or empty. */
    public Optional<Map<String, String>> verify(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String token = authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim() : authorizationHeader.trim();
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            List<String> audiences = claims.getAudience();
            if (expires == null || !expires.toInstant().isAfter(clock.instant())
                    || !issuer.equals(claims.getIssuer()) || audiences == null || !audiences.contains(audience)) {
                return Optional.empty();
            }
            Map<String, String> flat = new LinkedHashMap<>();
            claims.getClaims().forEach((name, value) -> flat.put(name, value instanceof Date date
                    ? Long.toString(date.toInstant().getEpochSecond()) : String.valueOf(value)));
            flat.put("aud", audience);
            return Optional.of(flat);
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
