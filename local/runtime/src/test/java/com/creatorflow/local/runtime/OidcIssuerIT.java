package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime as an OpenID Connect issuer: RS256 tokens with a kid, a discovery document and a public JWK set
 * on the front door, and the front door's authorizer refusing every forged or foreign token with 401. It runs on a
 * data folder written by an older runtime (with the retired HS256 secret) and restarts once on it.
 */
class OidcIssuerIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    private static LocalRuntime runtime;
    private static String jwksBeforeRestart;
    private static byte[] retiredHmacSecret;

    @BeforeAll
    static void startTwiceOnOneDataFolder() throws Exception {
        retiredHmacSecret = new byte[32];
        new SecureRandom().nextBytes(retiredHmacSecret);
        Files.writeString(data.resolve("secrets.json"), Json.write(Map.of("piiKey", PiiCipher.newKey(),
                "jwtSecret", Base64.getEncoder().encodeToString(retiredHmacSecret), "tiktokAppKey", "cf-local-app",
                "tiktokAppSecret", "old-app-secret")));
        try (LocalRuntime first = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data))) {
            jwksBeforeRestart = get(first.baseUrl().resolve(LocalIssuer.JWKS_PATH), null).body();
        }
        runtime = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theSignInIssuesAnRs256TokenWithTheCreatorsClaims() throws Exception {
        JsonNode answer = signIn("{\"tenantId\":\"tenant-claims\",\"sub\":\"user-7\"}");
        SignedJWT token = SignedJWT.parse(answer.get("token").asText());
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.getHeader().getKeyID()).isEqualTo(signingKey().getKeyID());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(runtime.baseUrl().toString());
        assertThat(claims.getAudience()).containsExactly(runtime.jwt().audience());
        assertThat(claims.getSubject()).isEqualTo("user-7");
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo("tenant-claims");
        assertThat(claims.getStringClaim("custom:tenant_id")).isEqualTo("tenant-claims");
        assertThat(claims.getStringClaim("member_id")).isEqualTo("user-7");
        assertThat(claims.getStringClaim("role")).isEqualTo("owner");
        assertThat(answer.get("role").asText()).isEqualTo("owner");

        JWTClaimsSet packer = SignedJWT.parse(signIn("{\"tenantId\":\"tenant-claims\",\"memberId\":\"m-2\","
                + "\"role\":\"packer\"}").get("token").asText()).getJWTClaimsSet();
        assertThat(packer.getStringClaim("role")).isEqualTo("packer");
        assertThat(packer.getStringClaim("member_id")).isEqualTo("m-2");
    }

    @Test
    void theSignInRefusesAnUnknownRoleNamingTheField() throws Exception {
        HttpResponse<String> response = post("/local/token", "{\"tenantId\":\"t\",\"role\":\"admin\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.tree(response.body()).at("/errors/0/field").asText()).isEqualTo("role");
    }

    @Test
    void theFrontDoorAcceptsTheIssuersTokenAndPassesItsClaims() throws Exception {
        String token = signIn("{\"tenantId\":\"tenant-ok\"}").get("token").asText();
        assertThat(api(token).statusCode()).isEqualTo(200);
        assertThat(api(forge(claims -> claims, signingKey())).statusCode()).as("the test's own forge is sound")
                .isEqualTo(200);
    }

    @Test
    void theFrontDoorRefusesForgedAndForeignTokens() throws Exception {
        RSAKey key = signingKey();
        RSAKey otherPair = IssuerKeys.generate();
        RSAKey unknownKid = new RSAKey.Builder(key).keyID("not-" + key.getKeyID()).build();
        Instant now = Instant.now();

        String unsigned = new PlainJWT(claims(UnaryOperator.identity())).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims(UnaryOperator.identity()));
        hmac.sign(new MACSigner(retiredHmacSecret));
        String genuine = forge(UnaryOperator.identity(), key);
        String[] parts = genuine.split("\\.");
        JWTClaimsSet otherTenant = new JWTClaimsSet.Builder(SignedJWT.parse(genuine).getJWTClaimsSet())
                .claim("tenant_id", "someone-else").claim("custom:tenant_id", "someone-else").build();
        String tampered = parts[0] + "." + otherTenant.toPayload().toBase64URL() + "." + parts[2];

        Map<String, String> forged = Map.of(
                "alg none", unsigned,
                "HS256 with the retired shared secret", hmac.serialize(),
                "another issuer", forge(c -> c.issuer("https://auth.creatorflow.local"), key),
                "another audience", forge(c -> c.audience("someone-elses-client"), key),
                "expired", forge(c -> c.issueTime(Date.from(now.minusSeconds(7200)))
                        .expirationTime(Date.from(now.minusSeconds(3600))), key),
                "not yet valid", forge(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600))), key),
                "unknown kid", forge(UnaryOperator.identity(), unknownKid),
                "another key pair", forge(UnaryOperator.identity(), otherPair),
                "tampered payload", tampered,
                "no subject", forge(c -> c.subject(null), key));
        Map<String, Integer> statuses = new TreeMap<>();
        forged.forEach((name, token) -> statuses.put(name, api(token).statusCode()));
        assertThat(statuses).allSatisfy((name, status) -> assertThat(status).as(name).isEqualTo(401));
    }

    @Test
    void theKeySetServesThePublicKeyOnly() throws Exception {
        HttpResponse<String> response = get(url(LocalIssuer.JWKS_PATH), null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode keys = Json.tree(response.body()).get("keys");
        assertThat(keys).hasSize(1);
        JsonNode key = keys.get(0);
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.get("kid").asText()).isEqualTo(signingKey().getKeyID());
        assertThat(key.get("alg").asText()).isEqualTo("RS256");
        assertThat(key.has("n") && key.has("e")).isTrue();
        for (String privatePart : new String[] {"d", "p", "q", "dp", "dq", "qi", "oth"}) {
            assertThat(key.has(privatePart)).as("private member " + privatePart).isFalse();
        }
        assertThat(post(LocalIssuer.JWKS_PATH, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void theDiscoveryDocumentNamesTheIssuerAndItsKeys() throws Exception {
        JsonNode discovery = Json.tree(get(url(LocalIssuer.DISCOVERY_PATH), null).body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(runtime.baseUrl().toString());
        assertThat(discovery.get("jwks_uri").asText()).isEqualTo(runtime.baseUrl() + LocalIssuer.JWKS_PATH);
        assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
    }

    @Test
    void aThirdPartyVerifiesATokenFromTheDiscoveredKeySetAlone() throws Exception {
        String token = signIn("{\"tenantId\":\"tenant-third-party\",\"role\":\"viewer\"}").get("token").asText();
        JsonNode discovery = Json.tree(get(url(LocalIssuer.DISCOVERY_PATH), null).body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(URI.create(discovery.get("jwks_uri").asText()).toURL()).build()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(runtime.jwt().audience(),
                new JWTClaimsSet.Builder().issuer(discovery.get("issuer").asText()).build(),
                new HashSet<>(List.of("sub", "exp", "iat", "tenant_id", "role"))));

        JWTClaimsSet claims = processor.process(token, null);
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo("tenant-third-party");
        assertThat(claims.getStringClaim("role")).isEqualTo("viewer");
    }

    @Test
    void theKeysSurviveARestartInAnOwnerOnlyFile() throws Exception {
        assertThat(Json.tree(get(url(LocalIssuer.JWKS_PATH), null).body())).isEqualTo(Json.tree(jwksBeforeRestart));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(IssuerKeys.FILE))))
                .isEqualTo("rw-------");
        assertThat(runtime.secrets().tiktokAppSecret()).as("the older secrets file still reads")
                .isEqualTo("old-app-secret");
    }

    /** The claims of a genuine token, changed by the case. */
    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(runtime.baseUrl().toString())
                .audience(runtime.jwt().audience()).subject("forger").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString())
                .claim("tenant_id", "tenant-forged").claim("custom:tenant_id", "tenant-forged");
        return change.apply(builder).build();
    }

    private static String forge(UnaryOperator<JWTClaimsSet.Builder> change, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims(change));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as the runtime keeps it in the data folder. */
    private static RSAKey signingKey() throws Exception {
        return RSAKey.parse(Files.readString(data.resolve(IssuerKeys.FILE)));
    }

    private static JsonNode signIn(String body) throws Exception {
        HttpResponse<String> response = post("/local/token", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.tree(response.body());
    }

    private static HttpResponse<String> api(String token) {
        try {
            return get(url("/v1/orders"), "Bearer " + token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return runtime.baseUrl().resolve(path);
    }
}
