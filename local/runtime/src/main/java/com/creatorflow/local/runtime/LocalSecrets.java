package com.creatorflow.local.runtime;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local runtime's secrets (PII key, TikTok app secret), generated on first start and kept in the data folder
 * with owner-only permissions so that durable data stays readable across restarts. In AWS the same values live in
 * Secrets Manager; none is ever in code or logs. The token signing key lives beside it ({@link IssuerKeys}); the
 * shared HS256 secret that older data folders still carry ({@code jwtSecret}) is ignored.
 *
 * @param piiKey base64 AES-256 key for personal data
 * @param tiktokAppKey the simulated TikTok app's key
 * @param tiktokAppSecret the simulated TikTok app's secret
 */
public record LocalSecrets(String piiKey, String tiktokAppKey, String tiktokAppSecret) {
    /** Fresh random secrets. */
    public static LocalSecrets generate() {
        byte[] appSecret = new byte[32];
        new SecureRandom().nextBytes(appSecret);
        return new LocalSecrets(PiiCipher.newKey(), "cf-local-app",
                Base64.getUrlEncoder().withoutPadding().encodeToString(appSecret));
    }

    /** The secrets of a data folder, created on first use; fresh ones when there is no folder. */
    public static LocalSecrets load(Path dataDir) {
        if (dataDir == null) {
            return generate();
        }
        Path file = dataDir.resolve("secrets.json");
        try {
            if (Files.exists(file)) {
                return Json.read(Files.readString(file), LocalSecrets.class);
            }
            LocalSecrets secrets = generate();
            Map<String, String> content = new LinkedHashMap<>();
            content.put("piiKey", secrets.piiKey);
            content.put("tiktokAppKey", secrets.tiktokAppKey);
            content.put("tiktokAppSecret", secrets.tiktokAppSecret);
            OwnerOnlyFiles.create(file, Json.write(content));
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "LocalSecrets[redacted]";
    }
}
