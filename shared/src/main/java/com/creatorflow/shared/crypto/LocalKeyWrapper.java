package com.creatorflow.shared.crypto;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * KMS's part played locally: a master key kept in a file of the data folder ({@value #FILE_NAME}, owner-only, created
 * on first use) wraps each data key with AES-256-GCM, the version's context as associated data the way KMS binds
 * its encryption context. Chosen by {@code PII_LOCAL_KEY_FILE}; the cipher cannot tell it from {@link KmsKeyWrapper}.
 */
public final class LocalKeyWrapper implements KeyWrapper {
    /** The file's name in the local runtime's data folder. */
    public static final String FILE_NAME = "kms-local-key.json";

    private final String name;
    private final SecretKey master;

    private LocalKeyWrapper(String keyId, byte[] master) {
        this.name = "local:" + keyId;
        this.master = AesGcm.key(master);
    }

    /** The wrapper of a key file, creating the file with a fresh master key when there is none. */
    public static LocalKeyWrapper open(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            JsonNode content = Json.tree(Files.readString(file));
            return new LocalKeyWrapper(content.path("keyId").asText(),
                    Base64.getDecoder().decode(content.path("masterKey").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local key file " + file, e);
        }
    }

    /** Writes a new key file: a temporary file made owner-only from the start, then moved into place. */
    private static void create(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            temporary = Files.createTempFile(folder, FILE_NAME, ".tmp");
        }
        Map<String, String> content = new LinkedHashMap<>();
        content.put("keyId", UUID.randomUUID().toString());
        content.put("masterKey", Base64.getEncoder().encodeToString(AesGcm.random(32)));
        content.put("createdAt", Instant.now().toString());
        Files.writeString(temporary, Json.write(content));
        try {
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException createdMeanwhile) {
            Files.delete(temporary);
        }
    }

    @Override
    public NewDataKey generateDataKey(int version) {
        byte[] key = AesGcm.random(32);
        return new NewDataKey(key, AesGcm.seal(master, new byte[0], key, associatedData(version)));
    }

    @Override
    public byte[] unwrap(byte[] wrapped, int version) {
        return AesGcm.open(master, wrapped, 0, associatedData(version));
    }

    @Override
    public String name() {
        return name;
    }

    private static byte[] associatedData(int version) {
        return new TreeMap<>(KeyWrapper.context(version)).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "LocalKeyWrapper[" + name + "]";
    }
}
