package com.creatorflow.local.sfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file keeps records in order, skips a line torn by a crash, and compacts atomically. */
class FileJournalIT {
    private static ObjectNode record(int n) {
        ObjectNode record = JsonValues.NODES.objectNode();
        record.put("k", "test");
        record.put("n", n);
        return record;
    }

    private static List<Integer> replayed(FileJournal journal) {
        List<Integer> out = new ArrayList<>();
        journal.replay(r -> out.add(r.get("n").asInt()));
        return out;
    }

    @Test
    void replaysInOrderAndSkipsATornLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("journal.ndjson");
        try (FileJournal journal = new FileJournal(file, true)) {
            journal.append(List.of(record(1), record(2)));
            journal.append(List.of(record(3)));
        }
        Files.writeString(file, "{\"k\":\"test\",\"n\":4", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (FileJournal reopened = new FileJournal(file, false)) {
            assertThat(replayed(reopened)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void rewriteReplacesTheContentAndAppendsGoOnAfterIt(@TempDir Path dir) {
        Path file = dir.resolve("journal.ndjson");
        try (FileJournal journal = new FileJournal(file, false)) {
            journal.append(List.of(record(1), record(2), record(3)));
            journal.rewrite(List.of(record(3)));
            journal.append(List.of(record(4)));
            assertThat(replayed(journal)).containsExactly(3, 4);
        }
        assertThat(dir.resolve("journal.ndjson.compacting")).doesNotExist();
    }
}
