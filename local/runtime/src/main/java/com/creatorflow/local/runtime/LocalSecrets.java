package com.creatorflow.local.runtime;

import com.creatorflow.shared.crypto.LocalKeyWrapper;
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
 * The local runtime's secrets (TikTok app secret), generated on first start and kept in the data folder with
 * owner-only permissions so that durable data stays readable across restarts. In AWS the same values live in Secrets
 * Manager; none is ever in code or logs. Personal data is sealed under data keys wrapped by the local key file
 * ({@link #piiVariables}); the direct PII key of data folders made before that is kept, read-only, as the legacy key.
 * The token signing key lives beside it ({@link IssuerKeys}); the shared HS256 secret that older data folders still
 * carry ({@code jwtSecret}) is ignored.
 *
 * @param piiKey base64 direct AES-256 key of data folders created before envelope encryption; null in newer ones
 * @param storageSecret the secret the local S3's at-rest encryption key is derived from
 * @param tiktokAppKey the simulated TikTok app's key
 * @param tiktokAppSecret the simulated TikTok app's secret
 */
public record LocalSecrets(String piiKey, String storageSecret, String tiktokAppKey, String tiktokAppSecret) {
    /** Fresh random secrets. */
    public static LocalSecrets generate() {
        return new LocalSecrets(null, randomSecret(), "cf-local-app", randomSecret());
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The secrets of a data folder, created on first use; fresh ones when there is no folder. */
    public static LocalSecrets load(Path dataDir) {
        if (dataDir == null) {
            return generate();
        }
        Path file = dataDir.resolve("secrets.json");
        try {
            if (Files.exists(file)) {
                LocalSecrets kept = Json.read(Files.readString(file), LocalSecrets.class);
                if (kept.storageSecret != null) {
                    return kept;
                }
                LocalSecrets completed = new LocalSecrets(kept.piiKey, randomSecret(), kept.tiktokAppKey,
                        kept.tiktokAppSecret);
                Files.delete(file);
                OwnerOnlyFiles.create(file, Json.write(completed.content()));
                return completed;
            }
            LocalSecrets secrets = generate();
            OwnerOnlyFiles.create(file, Json.write(secrets.content()));
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /**
     * The functions' PII key variables: the local key file that plays KMS (created with its master key on first
     * use) and, for a data folder that has one, the legacy direct key so that its older values stay readable.
     */
    public Map<String, String> piiVariables(Path keyFile) {
        LocalKeyWrapper.open(keyFile);
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PII_LOCAL_KEY_FILE", keyFile.toString());
        if (piiKey != null) {
            variables.put("PII_LEGACY_KEY", piiKey);
        }
        return variables;
    }

    private Map<String, String> content() {
        Map<String, String> content = new LinkedHashMap<>();
        if (piiKey != null) {
            content.put("piiKey", piiKey);
        }
        content.put("storageSecret", storageSecret);
        content.put("tiktokAppKey", tiktokAppKey);
        content.put("tiktokAppSecret", tiktokAppSecret);
        return content;
    }

    @Override
    public String toString() {
        return "LocalSecrets[redacted]";
    }
}
