package com.creatorflow.shared.crypto;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Data keys from AWS KMS: {@code GenerateDataKey} (AES_256) under the PII key and {@code Decrypt} to unwrap, both
 * with the version's encryption context. The client is the process's one; nothing is called until a key is needed,
 * so SnapStart snapshots hold no key material.
 */
public final class KmsKeyWrapper implements KeyWrapper {
    private final KmsClient kms;
    private final String keyId;

    /**
     * @param kms the KMS client
     * @param keyId the KMS key (id, ARN or alias) that wraps the data keys ({@code PII_KMS_KEY_ID})
     */
    public KmsKeyWrapper(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public NewDataKey generateDataKey(int version) {
        GenerateDataKeyResponse response = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(KeyWrapper.context(version)));
        return new NewDataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
    }

    @Override
    public byte[] unwrap(byte[] wrapped, int version) {
        return kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                .encryptionContext(KeyWrapper.context(version))).plaintext().asByteArray();
    }

    @Override
    public String name() {
        return keyId;
    }
}
