package com.creatorflow.shared.notify;

import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.OutgoingMessage;
import com.creatorflow.shared.notify.domain.RenderedMessage;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web Push to a member's browser: the payload {@code {"title","body","url","kind","severity"}} is encrypted for the
 * subscription ({@code aes128gcm}, RFC 8291 over RFC 8188) and POSTed to the push service's endpoint with a VAPID
 * authorization (RFC 8292: an ES256 JWT whose {@code aud} is the endpoint's origin, and our public key). Endpoints
 * pass {@link PolicedHttp}. Built on the JDK's EC, ECDH, HMAC and AES-GCM; no extra library.
 */
public final class WebPushChannel implements NotificationChannel {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RECORD_SIZE = 4096;

    private final VapidKeys vapid;
    private final PolicedHttp http;
    private final Clock clock;

    /**
     * @param vapid our VAPID keys
     * @param addresses decides which endpoints may be called
     * @param clock the clock (JWT expiry)
     */
    public WebPushChannel(VapidKeys vapid, WebhookAddressPolicy addresses, Clock clock) {
        this.vapid = vapid;
        this.http = new PolicedHttp(addresses);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public Outcome deliver(OutgoingMessage message) {
        RenderedMessage content = message.content();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", content.title());
        payload.put("body", content.text());
        payload.put("url", content.url());
        payload.put("kind", content.kind());
        payload.put("severity", content.severity());
        byte[] body;
        try {
            body = encrypt(Json.bytes(payload), Base64.getUrlDecoder().decode(message.secret()),
                    Base64.getUrlDecoder().decode(message.auth()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Outcome(0, "the subscription's keys are not usable: " + e.getMessage(), false);
        }
        URI endpoint = URI.create(message.target());
        String audience = endpoint.getScheme() + "://" + endpoint.getAuthority();
        Outcome outcome = http.post("endpoint", message.target(), Map.of(
                "Content-Type", "application/octet-stream", "Content-Encoding", "aes128gcm",
                "TTL", String.valueOf(Duration.ofDays(1).toSeconds()),
                "Urgency", "URGENT".equals(content.severity()) ? "high" : "normal",
                "Authorization", "vapid t=" + jwt(audience) + ", k=" + vapid.publicKeyText()), body);
        if (outcome.statusCode() == 404 || outcome.statusCode() == 410) {
            return new Outcome(outcome.statusCode(), "the push subscription has expired", false);
        }
        return outcome;
    }

    /** The VAPID JWT for an audience (the endpoint's origin), valid 12 hours. */
    String jwt(String audience) {
        String header = VapidKeys.base64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = VapidKeys.base64(Json.bytes(Map.of("aud", audience,
                "exp", clock.instant().plus(Duration.ofHours(12)).getEpochSecond(), "sub", vapid.subject())));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(vapid.privateKey());
            signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + VapidKeys.base64(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 unavailable", e);
        }
    }

    /** Encrypts a payload for a subscription (RFC 8291): one aes128gcm record with our ephemeral key as key id. */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) throws GeneralSecurityException {
        ECPublicKey receiver = VapidKeys.publicKey(uaPublic);
        if (authSecret.length != 16) {
            throw new GeneralSecurityException("auth must be 16 bytes");
        }
        KeyPair ephemeral = VapidKeys.newPair();
        byte[] asPublic = VapidKeys.raw((ECPublicKey) ephemeral.getPublic());
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(receiver, true);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[][] keys = contentKeys(agreement.generateSecret(), authSecret, uaPublic, asPublic, salt);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new GCMParameterSpec(128, keys[1]));
        byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
        padded[plaintext.length] = 2;
        byte[] sealed = cipher.doFinal(padded);
        return ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + sealed.length).put(salt).putInt(RECORD_SIZE)
                .put((byte) asPublic.length).put(asPublic).put(sealed).array();
    }

    /**
     * The content encryption key and nonce (RFC 8291 section 3.4, RFC 8188 section 2.2) from the ECDH secret.
     *
     * @return {@code [cek (16 bytes), nonce (12 bytes)]}
     */
    public static byte[][] contentKeys(byte[] ecdhSecret, byte[] authSecret, byte[] uaPublic, byte[] asPublic,
                                       byte[] salt) throws GeneralSecurityException {
        byte[] prkKey = hmac(authSecret, ecdhSecret);
        byte[] keyInfo = ByteBuffer.allocate(14 + uaPublic.length + asPublic.length + 1)
                .put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII)).put(uaPublic).put(asPublic)
                .put((byte) 1).array();
        byte[] ikm = hmac(prkKey, keyInfo);
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);
        return new byte[][] {cek, nonce};
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
