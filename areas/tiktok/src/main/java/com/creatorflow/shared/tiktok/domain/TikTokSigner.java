package com.creatorflow.shared.tiktok.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TikTok Shop's request signature ({@code sign}) and webhook signature ({@code Authorization}). Both are lowercase
 * hex HMAC-SHA256 keyed with the app secret:
 * <ul>
 *   <li>request: over {@code secret + path + sorted(key + value, without sign and access_token) + body + secret};</li>
 *   <li>webhook: over {@code app_key + raw body bytes}.</li>
 * </ul>
 * The simulator and our client use this one implementation; tests check it against vectors computed independently.
 */
public final class TikTokSigner {
    private TikTokSigner() {
    }

    /**
     * The {@code sign} query parameter of an API request.
     *
     * @param secret the app secret
     * @param path the request path without host (for example {@code /order/202309/orders})
     * @param query every query parameter (sign and access_token, if present, are left out)
     * @param body the raw JSON body, or null/empty for none
     */
    public static String sign(String secret, String path, Map<String, String> query, byte[] body) {
        StringBuilder base = new StringBuilder(path);
        new TreeMap<>(query).forEach((key, value) -> {
            if (!key.equals("sign") && !key.equals("access_token")) {
                base.append(key).append(value);
            }
        });
        byte[] head = (secret + base).getBytes(StandardCharsets.UTF_8);
        byte[] tail = secret.getBytes(StandardCharsets.UTF_8);
        Mac mac = hmac(secret);
        mac.update(head);
        if (body != null) {
            mac.update(body);
        }
        mac.update(tail);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** The {@code Authorization} header TikTok sends with a webhook: HMAC-SHA256(secret, appKey + body), hex. */
    public static String webhookSignature(String appKey, String secret, byte[] body) {
        Mac mac = hmac(secret);
        mac.update(appKey.getBytes(StandardCharsets.UTF_8));
        mac.update(body);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /**
     * Checks a webhook's {@code Authorization} header in constant time, byte for byte as TikTok sends it (lowercase
     * hex): uppercase hex, a prefix or padding fail, and so does a missing header.
     */
    public static boolean verifyWebhook(String appKey, String secret, byte[] body, String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            return false;
        }
        byte[] expected = webhookSignature(appKey, secret, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks a request's {@code sign} in constant time (the simulator's check). */
    public static boolean verifyRequest(String secret, String path, Map<String, String> query, byte[] body,
                                        String sign) {
        if (sign == null) {
            return false;
        }
        byte[] expected = sign(secret, path, query, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sign.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac hmac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
