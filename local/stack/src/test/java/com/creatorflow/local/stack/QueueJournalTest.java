package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.elasticmq.persistence.sql.DBMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** The queue journal: what it keeps across a reopen, a torn last record, compaction and a held folder. */
class QueueJournalTest {
    @TempDir
    Path dir;

    @Test
    void aReopenedJournalHasTheLastStateOfEveryQueueAndMessage() {
        try (QueueJournal journal = QueueJournal.open(dir)) {
            journal.putQueue("work", bytes("{\"name\":\"work\"}"));
            journal.putQueue("gone", bytes("{\"name\":\"gone\"}"));
            journal.putMessage("work", message("m1", "first", 0));
            journal.putMessage("work", message("m2", "second", 0));
            journal.putMessage("work", message("m1", "first", 2));
            journal.removeMessage("work", "m2");
            journal.putMessage("gone", message("m3", "third", 0));
            journal.deleteQueue("gone");
        }
        try (QueueJournal journal = QueueJournal.open(dir)) {
            assertThat(journal.queues()).containsOnlyKeys("work");
            assertThat(journal.messages("work")).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo("m1");
                assertThat(m.receiveCount()).isEqualTo(2);
                assertThat(new String(m.content(), StandardCharsets.UTF_8)).isEqualTo("first");
                assertThat(m.groupId()).isEqualTo(Option.apply("group"));
                assertThat(m.received()).isEqualTo(Option.apply(7L));
            });
            assertThat(journal.messages("gone")).isEmpty();
        }
    }

    @Test
    void aRecordTornByAKillIsCutOffAndTheOnesBeforeItAreKept() throws Exception {
        Path file = journalOfKeptAnd("torn");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 5));
        try (QueueJournal journal = QueueJournal.open(dir)) {
            assertThat(journal.messages("work")).extracting(DBMessage::messageId).containsExactly("kept");
            journal.putMessage("work", message("after", "body", 0));
        }
        try (QueueJournal journal = QueueJournal.open(dir)) {
            assertThat(journal.messages("work")).extracting(DBMessage::messageId).containsExactly("kept", "after");
        }
    }

    @Test
    void aFlippedByteEndsTheReadAtTheDamagedRecord() throws Exception {
        Path file = journalOfKeptAnd("damaged");
        byte[] all = Files.readAllBytes(file);
        all[all.length - 3] ^= 0x40;
        Files.write(file, all, StandardOpenOption.TRUNCATE_EXISTING);
        try (QueueJournal journal = QueueJournal.open(dir)) {
            assertThat(journal.messages("work")).extracting(DBMessage::messageId).containsExactly("kept");
        }
    }

    @Test
    void theFileIsRewrittenWithTheLiveRecordsWhenItOutgrowsThem() {
        String body = "x".repeat(1_000);
        try (QueueJournal journal = QueueJournal.open(dir)) {
            journal.putQueue("work", bytes("{}"));
            for (int i = 0; i < 20_000; i++) {
                journal.putMessage("work", message("m" + i, body, 0));
                journal.putMessage("work", message("m" + i, body, 1));
                if (i % 100 != 0) {
                    journal.removeMessage("work", "m" + i);
                }
            }
            assertThat(journal.size()).as("bounded by the live records, not the 40 MB written")
                    .isLessThan(5L << 20);
        }
        try (QueueJournal journal = QueueJournal.open(dir)) {
            assertThat(journal.messages("work")).hasSize(200)
                    .allSatisfy(m -> assertThat(m.receiveCount()).isEqualTo(1));
        }
    }

    @Test
    void aFolderHeldByAnOpenJournalIsRefused() {
        try (QueueJournal held = QueueJournal.open(dir)) {
            assertThatThrownBy(() -> QueueJournal.open(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
        QueueJournal.open(dir).close();
    }

    /** A closed journal of queue "work" with message "kept", then the message {@code last}; its file. */
    private Path journalOfKeptAnd(String last) {
        try (QueueJournal journal = QueueJournal.open(dir)) {
            journal.putQueue("work", bytes("{}"));
            journal.putMessage("work", message("kept", "body", 0));
            journal.putMessage("work", message(last, "body", 0));
        }
        return dir.resolve("queues.journal");
    }

    private static DBMessage message(String id, String body, int receiveCount) {
        return new DBMessage(id, bytes("[]"), 42L, bytes(body), bytes("[]"), 1L, Option.apply(7L), receiveCount,
                Option.apply("group"), Option.empty(), Option.empty(), Option.empty(), Option.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
