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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal keeps records in order across its segments, skips a line torn by a crash, reads the single file of
 * earlier versions first, and drops old segments once a new one has started.
 */
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

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replaysInOrderAndSkipsATornLine(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("sub");
        try (FileJournal journal = new FileJournal(folder, true)) {
            journal.append(List.of(record(1), record(2)));
            journal.append(List.of(record(3)));
        }
        Files.writeString(folder.resolve("journal-00000001.ndjson"), "{\"k\":\"test\",\"n\":4",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (FileJournal reopened = new FileJournal(folder, false)) {
            assertThat(replayed(reopened)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aNewSegmentStartsWithItsHeadAndTheOldOnesGoWhenAsked(@TempDir Path dir) throws Exception {
        try (FileJournal journal = new FileJournal(dir, false)) {
            journal.append(List.of(record(1), record(2), record(3)));
            long segment = journal.startSegment(List.of(record(3)));
            journal.append(List.of(record(4)));
            assertThat(replayed(journal)).containsExactly(1, 2, 3, 3, 4);
            journal.deleteSegmentsBefore(segment);
            assertThat(replayed(journal)).containsExactly(3, 4);
            assertThat(journal.segmentBytes()).isEqualTo(Files.size(dir.resolve("journal-00000002.ndjson")));
        }
        assertThat(files(dir)).containsExactly("journal-00000002.ndjson");
        try (FileJournal reopened = new FileJournal(dir, false)) {
            reopened.append(List.of(record(5)));
            assertThat(replayed(reopened)).containsExactly(3, 4, 5);
        }
    }

    @Test
    void theSingleFileOfEarlierVersionsIsReadFirstAndDeletedWithTheOldSegments(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("journal.ndjson"), "{\"k\":\"test\",\"n\":1}\n", StandardCharsets.UTF_8);
        try (FileJournal journal = new FileJournal(dir, false)) {
            journal.append(List.of(record(2)));
            assertThat(replayed(journal)).containsExactly(1, 2);
            journal.deleteSegmentsBefore(journal.startSegment(List.of(record(3))));
            assertThat(replayed(journal)).containsExactly(3);
        }
        assertThat(files(dir)).containsExactly("journal-00000002.ndjson");
    }
}
