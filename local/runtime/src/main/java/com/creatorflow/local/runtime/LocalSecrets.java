package com.creatorflow.local.runtime;

import com.creatorflow.shared.crypto.LocalKeyWrapper;
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
 * The local runtime's secrets (token signing secret, TikTok app secret), generated on first start and kept in the
 * data folder with owner-only permissions so that durable data stays readable across restarts. In AWS the same
 * values live in Secrets Manager; none is ever in code or logs. Personal data is sealed under data keys wrapped by
 * the local key file ({@link #piiVariables}); the direct PII key of data folders made before that is kept, read-only,
 * as the legacy key.
 *
 * @param piiKey base64 direct AES-256 key of data folders created before envelope encryption; null in newer ones
 * @param jwtSecret base64 HS256 secret of the local sign-in
 * @param tiktokAppKey the simulated TikTok app's key
 * @param tiktokAppSecret the simulated TikTok app's secret
 */
public record LocalSecrets(String piiKey, String jwtSecret, String tiktokAppKey, String tiktokAppSecret) {
    /** Fresh random secrets. */
    public static LocalSecrets generate() {
        return new LocalSecrets(null, Base64.getEncoder().encodeToString(LocalJwt.newSecret()),
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

    /** The signing secret as bytes. */
    public byte[] jwtSecretBytes() {
        return Base64.getDecoder().decode(jwtSecret);
    }

    @Override
    public String toString() {
        return "LocalSecrets[redacted]";
    }
}
