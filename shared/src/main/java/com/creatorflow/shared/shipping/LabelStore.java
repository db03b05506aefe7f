package com.creatorflow.shared.shipping;

import java.util.Optional;

/**
 * Where label PDFs live, per tenant. Locally and by default a DynamoDB item ({@link DynamoLabelStore}: a 4x6 label
 * is a few kilobytes); an S3 bucket is the drop-in alternative at scale (see docs/shipping.md).
 */
public interface LabelStore {
    /** Stores (or replaces) a label document. */
    void put(String tenantId, String labelId, byte[] pdf);

    /** A tenant's label document; another tenant's label is absent. */
    Optional<byte[]> get(String tenantId, String labelId);
}
