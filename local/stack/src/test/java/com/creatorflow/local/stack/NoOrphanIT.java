package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dynoxide child must not outlive its JVM, even when the JVM is killed with SIGKILL. */
class NoOrphanIT {
    @Test
    void dynoxideDiesWithAKilledJvm(@TempDir Path temp) throws Exception {
        List<Long> pids;
        try (ChildJvm jvm = ChildJvm.start(OrphanProbe.class, List.of(), List.of(), temp.resolve("probe.out"))) {
            String line = jvm.awaitLine("PIDS ", Duration.ofSeconds(60));
            pids = Arrays.stream(line.split(" ")).map(Long::parseLong).toList();
            assertThat(pids).hasSizeGreaterThanOrEqualTo(2);
            assertThat(pids).allMatch(NoOrphanIT::alive);
            jvm.kill();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && pids.stream().anyMatch(NoOrphanIT::alive)) {
            Thread.sleep(50);
        }
        assertThat(pids).noneMatch(NoOrphanIT::alive);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
