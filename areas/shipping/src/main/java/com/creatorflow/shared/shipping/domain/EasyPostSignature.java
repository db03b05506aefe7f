package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.shipping.domain.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * EasyPost's webhook signature: the {@code X-Hmac-Signature} header is {@code hmac-sha256-hex=} followed by the
 * lower-case hex HMAC-SHA256 of the raw body, keyed with the webhook's secret normalised to Unicode NFKD and encoded
 * as UTF-8 (what EasyPost's client libraries' {@code validate_webhook} computes). The compare is constant-time.
 * EasyPost signs no timestamp; a replayed event changes nothing because tracking events are applied once by id.
 */
public final class EasyPostSignature {
    /** The header EasyPost signs its webhook deliveries in. */
    public static final String HEADER = "X-Hmac-Signature";
    private static final String PREFIX = "hmac-sha256-hex=";

    private EasyPostSignature() {
    }

    /** The header value EasyPost sends for a body. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /** Throws {@link WebhookRejected} unless the header is the body's signature with the secret. */
    public static void verify(String secret, String header, byte[] body) {
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected("no EasyPost webhook secret is configured");
        }
        if (header == null || header.isBlank()) {
            throw new WebhookRejected("the " + HEADER + " header is missing");
        }
        if (!header.startsWith(PREFIX)) {
            throw new WebhookRejected("the " + HEADER + " header must start with " + PREFIX);
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new WebhookRejected("the " + HEADER + " header is not hex");
        }
        if (!MessageDigest.isEqual(hmac(secret, body), given)) {
            throw new WebhookRejected("the signature does not match the body");
        }
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
