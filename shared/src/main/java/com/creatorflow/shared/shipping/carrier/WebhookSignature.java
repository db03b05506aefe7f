package com.creatorflow.shared.shipping.carrier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of carrier tracking webhooks: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} with the
 * carrier's shared secret. The timestamp inside the signed text bounds replays to a tolerance window; the compare is
 * constant-time.
 */
public final class WebhookSignature {
    /** The header that carries the signature. */
    public static final String HEADER = "X-Carrier-Signature";
    /** How old a delivery may be. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The header value for a body signed at a time. */
    public static String sign(String secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
    }

    /** Throws {@link WebhookRejected} unless the header is a valid, fresh signature of the body. */
    public static void verify(String secret, String header, byte[] body, Instant now) {
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected("no webhook secret is configured for this carrier");
        }
        if (header == null || header.isBlank()) {
            throw new WebhookRejected("the " + HEADER + " header is missing");
        }
        Long t = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            try {
                if (kv[0].equals("t")) {
                    t = Long.parseLong(kv[1]);
                } else if (kv[0].equals("v1")) {
                    given = HexFormat.of().parseHex(kv[1]);
                }
            } catch (IllegalArgumentException e) {
                throw new WebhookRejected("the " + HEADER + " header is malformed");
            }
        }
        if (t == null || given == null) {
            throw new WebhookRejected("the " + HEADER + " header needs t= and v1=");
        }
        if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(TOLERANCE) > 0) {
            throw new WebhookRejected("the signature timestamp is outside the " + TOLERANCE.toMinutes()
                    + "-minute window");
        }
        if (!MessageDigest.isEqual(hmac(secret, t, body), given)) {
            throw new WebhookRejected("the signature does not match the body");
        }
    }

    private static byte[] hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
