package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An accepted asynchronous Lambda invocation survives a SIGKILL of the runtime's JVM, whether its function was
 * running (in flight) or had not started (waiting): each runs after the restart on the same folder.
 */
class DurableAsyncInvocationsIT {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @Test
    void invocationsAcceptedBeforeAKillRunAfterTheRestart() throws Exception {
        Path data = temp.resolve("sqs");
        try (ChildJvm first = probe(data, "first.log", "hold", "a1", "a2", "a3")) {
            assertThat(first.awaitLine("ACCEPTED ", START)).isEqualTo("3");
            first.awaitLine("RUNNING ", START);
            Thread.sleep(500);
            assertThat(first.output()).as("nothing finished before the kill").noneMatch(l -> l.startsWith("RAN "));
            first.kill();
        }
        try (ChildJvm second = probe(data, "second.log", "run")) {
            second.awaitLine("ACCEPTED ", START);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ran(second).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(ran(second)).as("the held ones and the waiting one, after the restart")
                    .containsExactlyInAnyOrder("a1", "a2", "a3");
        }
    }

    private static List<String> ran(ChildJvm jvm) {
        return jvm.output().stream().filter(l -> l.startsWith("RAN ")).map(l -> l.substring(4).trim()).toList();
    }

    private ChildJvm probe(Path data, String log, String mode, String... markers) {
        List<String> args = new java.util.ArrayList<>(List.of(data.toString(), mode));
        args.addAll(List.of(markers));
        return ChildJvm.start(AsyncInvocationsProbe.class, List.of(), args, temp.resolve(log));
    }
}
