package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.http.JwtAuthorizer;
import com.creatorflow.shared.testing.MutableClock;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The front door's token check remembers tokens that passed, within their expiry and never for another token. */
class JwtAuthorizerTest {
    private static final String ISSUER = "http://127.0.0.1:1";
    private static final String AUDIENCE = "creatorflow-local";

    private final RSAKey key = IssuerKeys.generate();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final LocalIssuer issuer = new LocalIssuer(key, ISSUER, AUDIENCE, clock);
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final JwtAuthorizer authorizer = new JwtAuthorizer(countingKeys(), ISSUER, AUDIENCE, clock);

    @Test
    void aSecondRequestWithTheSameTokenSkipsTheSignatureCheckAndGetsTheSameClaims() {
        String token = issuer.issue("tenant-a", "user-a", Duration.ofHours(1));

        var first = authorizer.claims("Bearer " + token);
        var second = authorizer.claims("Bearer " + token);

        assertThat(first).isPresent();
        assertThat(second).isEqualTo(first);
        assertThat(second.orElseThrow()).containsEntry("tenant_id", "tenant-a").containsEntry("aud", AUDIENCE);
        assertThat(keyLookups).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        String token = issuer.issue("tenant-a", "user-a", Duration.ofSeconds(120));
        assertThat(authorizer.claims("Bearer " + token)).isPresent();

        clock.advance(Duration.ofSeconds(119));
        assertThat(authorizer.claims("Bearer " + token)).isPresent();
        // past the expiry and the verifier's 60 s of allowed clock skew
        clock.advance(Duration.ofSeconds(62));
        assertThat(authorizer.claims("Bearer " + token)).isEmpty();
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterTheRememberingTime() {
        String token = issuer.issue("tenant-a", "user-a", Duration.ofHours(3));
        authorizer.claims("Bearer " + token);

        clock.advance(Duration.ofSeconds(JwtAuthorizer.REMEMBER_SECONDS - 1));
        authorizer.claims("Bearer " + token);
        assertThat(keyLookups).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(authorizer.claims("Bearer " + token)).isPresent();
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() {
        String token = issuer.issue("tenant-a", "user-a", Duration.ofHours(1));
        String other = issuer.issue("tenant-b", "user-b", Duration.ofHours(1));
        assertThat(authorizer.claims("Bearer " + token)).isPresent();
        String[] mine = token.split("\\.");
        String[] theirs = other.split("\\.");

        assertThat(authorizer.claims("Bearer " + mine[0] + "." + theirs[1] + "." + mine[2])).isEmpty();
        assertThat(authorizer.claims("Bearer " + token + "x")).isEmpty();
    }

    @Test
    void aTokenOfAnotherKeyIsRefusedAlthoughItsClaimsMatchARememberedOne() {
        String token = issuer.issue("tenant-a", "user-a", Duration.ofHours(1));
        assertThat(authorizer.claims("Bearer " + token)).isPresent();
        LocalIssuer stranger = new LocalIssuer(IssuerKeys.generate(), ISSUER, AUDIENCE, clock);

        assertThat(authorizer.claims("Bearer " + stranger.issue("tenant-a", "user-a", Duration.ofHours(1))))
                .isEmpty();
    }

    private JWKSource<SecurityContext> countingKeys() {
        ImmutableJWKSet<SecurityContext> keys = new ImmutableJWKSet<>(issuer.publicKeys());
        return new JWKSource<>() {
            @Override
            public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
                keyLookups.incrementAndGet();
                return keys.get(selector, context);
            }
        };
    }
}
