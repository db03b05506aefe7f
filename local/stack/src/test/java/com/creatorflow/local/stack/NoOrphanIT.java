package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Dynoxide child must not outlive its JVM, even when the JVM is killed with SIGKILL. */
class NoOrphanIT {
    @Test
    void dynoxideDiesWithAKilledJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dcreatorflow.projectRoot=" + ProjectPaths.root(), OrphanProbe.class.getName())
                .redirectErrorStream(true).start();
        List<Long> pids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PIDS "));
            assertThat(line).as("the probe JVM reports the Dynoxide pids").isNotNull();
            pids = Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).toList();
        }
        assertThat(pids).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

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
