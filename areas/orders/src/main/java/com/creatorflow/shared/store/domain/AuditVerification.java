package com.creatorflow.shared.store.domain;

import java.util.List;

/**
 * The outcome of checking an order's audit chain.
 *
 * @param entries how many entries were read
 * @param problems what is wrong, one sentence each; empty when the chain is intact
 */
public record AuditVerification(int entries, List<String> problems) {
    /** True when no problem was found. */
    public boolean intact() {
        return problems.isEmpty();
    }
}
