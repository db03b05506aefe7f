package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Allocation;
import com.creatorflow.shared.inventory.domain.Allocator;
import com.creatorflow.shared.inventory.domain.Shortage;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockLevel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private static StockLevel level(String sku, String location, long available) {
        return new StockLevel(sku, location, available, 0, available, null);
    }

    private static Map<String, SkuStock> stock(String sku, StockLevel... levels) {
        return Map.of(sku, new SkuStock(sku, List.of(levels), null, false));
    }

    @Test
    void takesTheWholeLineFromTheFirstLocationInPriorityThatHasIt() {
        var plan = Allocator.allocate(Map.of("TEE", 3),
                stock("TEE", level("TEE", "a-main", 10), level("TEE", "b-overflow", 10)), List.of("b-overflow"));
        assertThat(plan.allocations()).containsExactly(new Allocation("TEE", "b-overflow", 3));
    }

    @Test
    void prefersOneLocationThatHasEverythingOverSplitting() {
        var plan = Allocator.allocate(Map.of("TEE", 5),
                stock("TEE", level("TEE", "first", 2), level("TEE", "second", 5)), List.of("first", "second"));
        assertThat(plan.allocations()).containsExactly(new Allocation("TEE", "second", 5));
    }

    @Test
    void splitsInPriorityOrderWhenNoLocationHasEnough() {
        var plan = Allocator.allocate(Map.of("TEE", 5),
                stock("TEE", level("TEE", "first", 2), level("TEE", "second", 2), level("TEE", "third", 4)),
                List.of("third", "first"));
        assertThat(plan.allocations()).containsExactly(new Allocation("TEE", "first", 1),
                new Allocation("TEE", "third", 4));
    }

    @Test
    void reportsEveryShortSkuAndAllocatesNothing() {
        Map<String, SkuStock> stock = Map.of(
                "TEE", new SkuStock("TEE", List.of(level("TEE", "x", 1)), null, false),
                "CAP", new SkuStock("CAP", List.of(level("CAP", "x", 9)), null, false));
        var plan = Allocator.allocate(Map.of("TEE", 2, "CAP", 1, "MUG", 1), stock, List.of());
        assertThat(plan.complete()).isFalse();
        assertThat(plan.allocations()).isEmpty();
        assertThat(plan.shortages()).containsExactly(new Shortage("MUG", 1, 0), new Shortage("TEE", 2, 1));
    }

    @Test
    void negativeAvailabilityNeverCountsAsStock() {
        var plan = Allocator.allocate(Map.of("TEE", 2),
                stock("TEE", level("TEE", "a", -3), level("TEE", "b", 2)), List.of());
        assertThat(plan.allocations()).containsExactly(new Allocation("TEE", "b", 2));
    }
}
