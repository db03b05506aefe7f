package com.creatorflow.local.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The simulators remember a bounded number of keys and forget the oldest. */
class RecentKeysTest {
    @Test
    void addingPastTheMaximumHandsBackTheOldest() {
        RecentKeys<String> keys = new RecentKeys<>(2);
        assertThat(keys.add("a")).isEmpty();
        assertThat(keys.add("b")).isEmpty();
        assertThat(keys.add("c")).containsExactly("a");
        assertThat(keys.keys()).containsExactly("b", "c");
        keys.clear();
        assertThat(keys.keys()).isEmpty();
    }
}
