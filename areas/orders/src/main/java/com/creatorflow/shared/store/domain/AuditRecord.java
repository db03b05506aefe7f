package com.creatorflow.shared.store.domain;

import com.creatorflow.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One entry of an order's append-only audit trail. Entries are numbered from 1 with no gaps (the number equals the
 * order version the entry produced) and each carries the hash of the one before, so a changed, removed or inserted
 * entry breaks the chain.
 *
 * @param orderKey tenant and order ("tenant#order")
 * @param seq the entry's number, equal to the order version after the change
 * @param at when it happened
 * @param actor who did it ("user:...", "system:tiktok-sync", "workflow:...")
 * @param action what was done (CREATED, TRANSITION, UPDATED, RULE_APPLIED, ...)
 * @param from the state before (null for creation)
 * @param to the state after
 * @param reason why, in words
 * @param details extra facts as a JSON object text (may be null)
 * @param prevHash the previous entry's hash (empty text for the first)
 * @param hash this entry's hash over every field above
 */
public record AuditRecord(String orderKey, long seq, Instant at, String actor, String action, String from, String to,
                          String reason, String details, String prevHash, String hash) {
    /** The genesis value of {@code prevHash}. */
    public static final String GENESIS = "";

    /** Builds an entry and computes its hash. */
    public static AuditRecord of(String orderKey, long seq, Instant at, String actor, String action, String from,
                                 String to, String reason, String details, String prevHash) {
        String hash = computeHash(orderKey, seq, at, actor, action, from, to, reason, details, prevHash);
        return new AuditRecord(orderKey, seq, at, actor, action, from, to, reason, details, prevHash, hash);
    }

    /** Recomputes the hash from the fields (what the verifier compares with {@link #hash}). */
    public String recomputeHash() {
        return computeHash(orderKey, seq, at, actor, action, from, to, reason, details, prevHash);
    }

    private static String computeHash(String orderKey, long seq, Instant at, String actor, String action, String from,
                                      String to, String reason, String details, String prevHash) {
        String canonical = Json.write(Arrays.asList("audit-v1", orderKey, seq, Times.sortable(at), actor, action,
                from, to, reason, details, prevHash));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
