package com.creatorflow.shared.http;

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
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's JWT authorizer as code: the local runtime's stand-in for it, and the live feed's WebSocket
 * {@code $connect} check in AWS (WebSocket APIs have no JWT authorizer). A token passes when it is RS256-signed by a
 * key of the issuer's JWK set (matched by {@code kid}), names the expected issuer and audience, and is within its
 * {@code nbf}/{@code exp} window; its claims are then given as API Gateway passes them (every value as text).
 * Unsigned ({@code alg: none}) and HMAC tokens never pass.
 */
public final class JwtAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthorizer.class);
    private static final List<String> REQUIRED = List.of("iss", "aud", "sub", "iat", "exp");

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final String audience;

    /**
     * @param keys the issuer's public keys (its JWKS URL in AWS, in-process locally)
     * @param issuer the issuer tokens must name
     * @param audience the audience tokens must name
     */
    public JwtAuthorizer(JWKSource<SecurityContext> keys, String issuer, String audience) {
        this.audience = audience;
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        // Nimbus asks these sets whether they contain null, which Set.of answers with an exception
        jwtProcessor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Collections.singleton(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(REQUIRED), Collections.emptySet()));
        this.processor = jwtProcessor;
    }

    /** The claims of a valid bearer token in an {@code Authorization} header, or empty. */
    public Optional<Map<String, String>> claims(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Optional.empty();
        }
        String token = authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorizationHeader.substring(7).trim() : authorizationHeader.trim();
        try {
            return Optional.of(flatten(processor.process(token, null)));
        } catch (ParseException | BadJOSEException | JOSEException e) {
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
