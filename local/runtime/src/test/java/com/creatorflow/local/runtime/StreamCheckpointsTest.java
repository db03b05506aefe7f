package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What every reader of a stream has read, which bounds what the trim may drop. */
class StreamCheckpointsTest {
    @Test
    void readByAllIsTheSlowestReadersPositionAndNothingWhileAReaderHasReadNothing() {
        StreamCheckpoints checkpoints = StreamCheckpoints.at(null);
        checkpoints.put("Fast|Audit|shard-1", "120");
        checkpoints.put("Other|Inventory|shard-1", "7");

        assertThat(checkpoints.readByAll("Audit", List.of("Fast", "Slow"))).isEmpty();

        checkpoints.put("Slow|Audit|shard-1", "45");
        assertThat(checkpoints.readByAll("Audit", List.of("Fast", "Slow"))).isEqualTo(OptionalLong.of(45));
        assertThat(checkpoints.readByAll("Inventory", List.of("Other"))).isEqualTo(OptionalLong.of(7));
    }
}
