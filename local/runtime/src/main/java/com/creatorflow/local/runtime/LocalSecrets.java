package com.creatorflow.local.runtime;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local runtime's secrets (PII key, token signing secret, TikTok app secret), generated on first start and kept
 * in the data folder with owner-only permissions so that durable data stays readable across restarts. In AWS the
 * same values live in Secrets Manager; none is ever in code or logs.
 *
 * @param piiKey base64 AES-256 key for personal data
 * @param jwtSecret base64 HS256 secret of the local sign-in
 * @param tiktokAppKey the simulated TikTok app's key
 * @param tiktokAppSecret the simulated TikTok app's secret
 */
public record LocalSecrets(String piiKey, String jwtSecret, String tiktokAppKey, String tiktokAppSecret) {
    /** Fresh random secrets. */
    public static LocalSecrets generate() {
        return new LocalSecrets(PiiCipher.newKey(), Base64.getEncoder().encodeToString(LocalJwt.newSecret()),
                "cf-local-app", Base64.getUrlEncoder().withoutPadding().encodeToString(LocalJwt.newSecret()));
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
            Files.createDirectories(dataDir);
            LocalSecrets secrets = generate();
            Map<String, String> content = new LinkedHashMap<>();
            content.put("piiKey", secrets.piiKey);
            content.put("jwtSecret", secrets.jwtSecret);
            content.put("tiktokAppKey", secrets.tiktokAppKey);
            content.put("tiktokAppSecret", secrets.tiktokAppSecret);
            Files.writeString(file, Json.write(content));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the folder's own permissions apply
            }
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** The signing secret as bytes. */
    public byte[] jwtSecretBytes() {
        return Base64.getDecoder().decode(jwtSecret);
    }

    @Override
    public String toString() {
        return "LocalSecrets[redacted]";
    }
}
