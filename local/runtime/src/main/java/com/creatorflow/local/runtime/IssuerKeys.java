package com.creatorflow.local.runtime;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The local issuer's RS256 signing key: generated on first start and kept in the data folder as a private JWK
 * ({@code oidc-signing-key.json}, owner-only), so tokens and the published key set survive restarts; a fresh key
 * in memory when there is no data folder. Its {@code kid} is the key's RFC 7638 thumbprint.
 */
final class IssuerKeys {
    static final String FILE = "oidc-signing-key.json";

    private IssuerKeys() {
    }

    /** The signing key of a data folder, created on first use; a fresh one when there is no folder. */
    static RSAKey load(Path dataDir) {
        if (dataDir == null) {
            return generate();
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file));
            }
            RSAKey key = generate();
            OwnerOnlyFiles.create(file, key.toJSONString());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }

    /** A new 2048-bit RSA key for RS256 signatures. */
    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}
