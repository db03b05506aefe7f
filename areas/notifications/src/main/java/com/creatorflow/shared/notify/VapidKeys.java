package com.creatorflow.shared.notify;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/**
 * Our VAPID key pair (P-256) that signs Web Push requests, and P-256 helpers. In AWS the pair comes from the Secrets
 * Manager secret named by {@code VAPID_SECRET_NAME} (JSON {@code {"publicKey": ..., "privateKey": ...}}, base64url
 * of the uncompressed point and of the 32-byte scalar); locally from {@code VAPID_PUBLIC_KEY}/{@code
 * VAPID_PRIVATE_KEY}. The subject ({@code VAPID_SUBJECT}) is a {@code mailto:} or https contact.
 *
 * @param publicKey the public key
 * @param privateKey the private key (never logged)
 * @param subject the contact push services may use
 */
public record VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey, String subject) {
    private static final ECParameterSpec P256 = p256();

    /**
     * The keys a function's environment configures, or null when none are or the secret cannot be read (Web Push
     * off; the rest of notifications keeps working).
     */
    public static VapidKeys fromEnv(Env env) {
        try {
            return configured(env);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(VapidKeys.class).warn("Web Push is off: the VAPID keys are not "
                    + "readable ({})", e.getClass().getSimpleName());
            return null;
        }
    }

    private static VapidKeys configured(Env env) {
        String publicKey = env.optional("VAPID_PUBLIC_KEY").orElse(null);
        String privateKey = env.optional("VAPID_PRIVATE_KEY").orElse(null);
        if (publicKey == null || privateKey == null) {
            if (env.optional("VAPID_SECRET_NAME").isEmpty()) {
                return null;
            }
            JsonNode stored = Json.tree(env.aws().secretsManager()
                    .getSecretValue(r -> r.secretId(env.require("VAPID_SECRET_NAME"))).secretString());
            publicKey = stored.path("publicKey").asText();
            privateKey = stored.path("privateKey").asText();
        }
        return of(publicKey, privateKey, env.get("VAPID_SUBJECT", "mailto:notifications@creatorflow.local"));
    }

    /** Keys from their base64url forms. */
    public static VapidKeys of(String publicKey, String privateKey, String subject) {
        try {
            ECPrivateKey priv = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, Base64.getUrlDecoder().decode(privateKey)), P256));
            return new VapidKeys(publicKey(Base64.getUrlDecoder().decode(publicKey)), priv, subject);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the VAPID keys are not a P-256 key pair", e);
        }
    }

    /** A fresh pair (the local runtime makes one per run): {@code [publicKey, privateKey]} base64url. */
    public static String[] generate() {
        KeyPair pair = newPair();
        byte[] d = ((ECPrivateKey) pair.getPrivate()).getS().toByteArray();
        byte[] scalar = new byte[32];
        int skip = Math.max(0, d.length - 32);
        System.arraycopy(d, skip, scalar, 32 - (d.length - skip), d.length - skip);
        return new String[] {base64(raw((ECPublicKey) pair.getPublic())), base64(scalar)};
    }

    /** The public key as the browser's {@code applicationServerKey}: base64url of the uncompressed point. */
    public String publicKeyText() {
        return base64(raw(publicKey));
    }

    /** A fresh P-256 key pair. */
    static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 unavailable", e);
        }
    }

    /** The uncompressed point {@code 04 || x || y} (65 bytes). */
    public static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    /** A public key from its uncompressed point; throws for anything else. */
    public static ECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        ECPoint point = new ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, java.util.Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
    }

    static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void copy(BigInteger value, byte[] out, int at) {
        byte[] bytes = value.toByteArray();
        int skip = Math.max(0, bytes.length - 32);
        int length = bytes.length - skip;
        System.arraycopy(bytes, skip, out, at + 32 - length, length);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "VapidKeys[" + publicKeyText() + ", private=redacted]";
    }
}
