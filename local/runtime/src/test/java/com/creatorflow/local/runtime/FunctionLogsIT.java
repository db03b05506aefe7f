package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The functions' log file lives in the data folder and keeps what was logged when the runtime is killed. */
class FunctionLogsIT {
    @TempDir
    Path temp;

    @Test
    void aWarningLoggedBeforeAKillIsInTheDataFoldersLogFile() throws Exception {
        Path data = temp.resolve("data");
        String marker = UUID.randomUUID().toString();
        try (ChildJvm jvm = ChildJvm.start(LogProbe.class, List.of(),
                List.of(marker, "--data-dir", data.toString()), temp.resolve("probe.out"))) {
            assertThat(Path.of(jvm.awaitLine("LOGGED ", Duration.ofSeconds(60)))).isEqualTo(data.resolve("logs"));
            jvm.kill();
        }
        List<String> lines = Files.readAllLines(data.resolve("logs").resolve("functions.log"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("probe warning " + marker)
                .contains("\"level\":\"WARN\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("probe info " + marker));
    }

    @Test
    void inMemoryTheLogsGoToATempFolder() {
        Path logs = Main.logDir(RuntimeOptions.forTests());
        assertThat(logs).isDirectory();
        assertThat(logs.getFileName().toString()).startsWith("creatorflow-logs");
        assertThat(Main.logDir(RuntimeOptions.forTests().withDataDir(temp))).isEqualTo(temp.resolve("logs"));
    }
}
