package com.creatorflow.shared.http;

import com.creatorflow.shared.crypto.Digests;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's JWT authorizer as code: the local runtime's stand-in for it, and the live feed's WebSocket
 * {@code $connect} check in AWS (WebSocket APIs have no JWT authorizer). A token passes when it is RS256-signed by a
 * key of the issuer's JWK set (matched by {@code kid}), names the expected issuer and audience, and is within its
 * {@code nbf}/{@code exp} window; its claims are then given as API Gateway passes them (every value as text).
 * Unsigned ({@code alg: none}) and HMAC tokens never pass.
 * A token that passed is remembered by its SHA-256 until its {@code exp} (and for at most {@value #REMEMBER_SECONDS}
 * s), so a session's next requests skip the signature and claims checks; a refused token is never remembered, and
 * the key set is fixed for the authorizer's life.
 */
public final class JwtAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthorizer.class);
    private static final List<String> REQUIRED = List.of("iss", "aud", "sub", "iat", "exp");

    /** Longest a verified token is remembered, however far its expiry. */
    public static final int REMEMBER_SECONDS = 300;
    /** Verified tokens remembered before the memory is emptied. */
    private static final int REMEMBER_LIMIT = 10_000;

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final String audience;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** A token that passed: its claims as handed on, and until when (epoch millis) they stand without a check. */
    private record Verified(Map<String, String> claims, long until) {
    }

    /**
     * @param keys the issuer's public keys (its JWKS URL in AWS, in-process locally)
     * @param issuer the issuer tokens must name
     * @param audience the audience tokens must name
     */
    public JwtAuthorizer(JWKSource<SecurityContext> keys, String issuer, String audience) {
        this(keys, issuer, audience, Clock.systemUTC());
    }

    /** As above, with the clock that judges expiry and remembering (tests move it). */
    public JwtAuthorizer(JWKSource<SecurityContext> keys, String issuer, String audience, Clock clock) {
        this.audience = audience;
        this.clock = clock;
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        // Nimbus asks these sets whether they contain null, which Set.of answers with an exception
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(
                Collections.singleton(audience), new JWTClaimsSet.Builder().issuer(issuer).build(),
                new HashSet<>(REQUIRED), Collections.emptySet()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        jwtProcessor.setJWTClaimsSetVerifier(claimsVerifier);
        this.processor = jwtProcessor;
    }

    /** The claims of a valid bearer token in an {@code Authorization} header, or empty. */
    public Optional<Map<String, String>> claims(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Optional.empty();
        }
        String token = authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim() : authorizationHeader.trim();
        String key = Digests.sha256Hex(token);
        long now = clock.millis();
        Verified known = verified.get(key);
        if (known != null && now < known.until()) {
            return Optional.of(known.claims());
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Map<String, String> flat = Collections.unmodifiableMap(flatten(claims));
            long until = Math.min(claims.getExpirationTime().getTime(), now + Duration.ofSeconds(REMEMBER_SECONDS)
                    .toMillis());
            if (verified.size() >= REMEMBER_LIMIT) {
                verified.values().removeIf(entry -> entry.until() <= now);
                if (verified.size() >= REMEMBER_LIMIT) {
                    verified.clear();
                }
            }
            verified.put(key, new Verified(flat, until));
            return Optional.of(flat);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            verified.remove(key);
            LOG.debug("token refused: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Claims as API Gateway hands them to a function: times in epoch seconds, arrays as {@code [a b]}. */
    private Map<String, String> flatten(JWTClaimsSet claims) {
        Map<String, String> flat = new LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> flat.put(name, switch (value) {
            case Date date -> Long.toString(date.toInstant().getEpochSecond());
            case Collection<?> items -> items.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
            case null, default -> String.valueOf(value);
        }));
        flat.put("aud", audience);
        return flat;
    }
}
