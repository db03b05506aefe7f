package com.creatorflow.local.stack;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.elasticmq.persistence.sql.DBMessage;
import scala.Option;

/**
 * The durable store of the local queues: one append-only file of records (a queue's settings, a queue deleted, a
 * message as it is now, a message removed), each framed with its length and a CRC32 so that a record torn by a kill
 * is recognised and cut off at the next start. A record is written to the file (not forced to the disk) before the
 * change is acknowledged, which a killed process does not lose. The store keeps the live records in memory and
 * rewrites the file with only them when it has grown to several times their size, so the file stays bounded by the
 * queues' backlog.
 */
final class QueueJournal implements AutoCloseable {
    private static final byte QUEUE = 1;
    private static final byte QUEUE_DELETED = 2;
    private static final byte MESSAGE = 3;
    private static final byte MESSAGE_REMOVED = 4;
    private static final int HEADER = Integer.BYTES * 2;
    private static final long MIN_COMPACTION_BYTES = 4L << 20;
    private static final int GROWTH_BEFORE_COMPACTION = 4;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, byte[]> queues = new LinkedHashMap<>();
    private final Map<String, Map<String, byte[]>> messages = new LinkedHashMap<>();
    private FileChannel channel;
    private long liveBytes;

    private QueueJournal(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the journal of a folder and reads what it holds.
     *
     * @throws IllegalStateException when another process (or store) holds the folder
     */
    static QueueJournal open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel lockChannel = FileChannel.open(dir.resolve("queues.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("the queue folder " + dir + " is in use (is another runtime using "
                        + "the same data folder?)");
            }
            QueueJournal journal = new QueueJournal(dir.resolve("queues.journal"), lockChannel, lock);
            journal.load();
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the queue journal in " + dir, e);
        }
    }

    /** The stored settings of each queue (ElasticMQ's queue metadata as JSON), in the order they were created. */
    Map<String, byte[]> queues() {
        return queues;
    }

    /** The stored messages of a queue. */
    List<DBMessage> messages(String queue) {
        List<DBMessage> out = new ArrayList<>();
        for (byte[] record : messages.getOrDefault(queue, Map.of()).values()) {
            out.add(message(record));
        }
        return out;
    }

    /** Records a queue's settings (created or changed). */
    void putQueue(String name, byte[] settings) {
        record(queueRecord(name, settings));
    }

    /** Records that a queue and its messages are gone. */
    void deleteQueue(String name) {
        record(encode(QUEUE_DELETED, out -> out.writeUTF(name)));
    }

    /** Records a message as it is now (sent, received, its visibility changed). */
    void putMessage(String queue, DBMessage message) {
        record(encode(MESSAGE, out -> {
            out.writeUTF(queue);
            writeMessage(out, message);
        }));
    }

    /** Records that a message is gone (deleted, expired or moved). */
    void removeMessage(String queue, String messageId) {
        record(encode(MESSAGE_REMOVED, out -> {
            out.writeUTF(queue);
            out.writeUTF(messageId);
        }));
    }

    /** The journal file's size in bytes. */
    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the queue journal " + file, e);
        }
    }

    private void load() throws IOException {
        long good = 0;
        if (Files.exists(file)) {
            byte[] all = Files.readAllBytes(file);
            ByteBuffer buffer = ByteBuffer.wrap(all);
            while (buffer.remaining() >= HEADER) {
                int length = buffer.getInt();
                int crc = buffer.getInt();
                if (length <= 0 || length > buffer.remaining() || crc(all, buffer.position(), length) != crc) {
                    break;
                }
                byte[] record = new byte[length];
                buffer.get(record);
                apply(record);
                good = buffer.position();
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(good);
        channel.position(good);
    }

    /** Appends a record to the file, then applies it to the live state. */
    private void record(byte[] record) {
        append(record);
        apply(record);
    }

    private void append(byte[] record) {
        try {
            write(channel, record);
            if (channel.size() > Math.max(MIN_COMPACTION_BYTES, GROWTH_BEFORE_COMPACTION * liveBytes)) {
                compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the queue journal " + file, e);
        }
    }

    /**
     * Rewrites the file with the live records only, then swaps it in atomically. Like the appends it is not forced to
     * the disk: a forced write of a large backlog held every queue's requests for a quarter of a second.
     */
    private void compact() throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".compacting");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Map.Entry<String, byte[]> queue : queues.entrySet()) {
                write(out, queueRecord(queue.getKey(), queue.getValue()));
            }
            for (Map<String, byte[]> records : messages.values()) {
                for (byte[] record : records.values()) {
                    write(out, record);
                }
            }
        }
        channel.close();
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
    }

    private static void write(FileChannel out, byte[] record) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(HEADER + record.length);
        frame.putInt(record.length).putInt(crc(record, 0, record.length)).put(record).flip();
        while (frame.hasRemaining()) {
            out.write(frame);
        }
    }

    /** Applies a record to the live state. */
    private void apply(byte[] record) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record))) {
            switch (in.readByte()) {
                case QUEUE -> queues.put(in.readUTF(), readBytes(in));
                case QUEUE_DELETED -> {
                    String name = in.readUTF();
                    queues.remove(name);
                    Map<String, byte[]> gone = messages.remove(name);
                    if (gone != null) {
                        gone.values().forEach(r -> liveBytes -= r.length);
                    }
                }
                case MESSAGE -> {
                    String queue = in.readUTF();
                    byte[] before = messages.computeIfAbsent(queue, k -> new LinkedHashMap<>())
                            .put(in.readUTF(), record);
                    liveBytes += record.length - (before == null ? 0 : before.length);
                }
                case MESSAGE_REMOVED -> {
                    String queue = in.readUTF();
                    byte[] before = messages.getOrDefault(queue, new LinkedHashMap<>()).remove(in.readUTF());
                    if (before != null) {
                        liveBytes -= before.length;
                    }
                }
                default -> throw new IllegalStateException("unknown record in the queue journal " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a record of the queue journal " + file + " cannot be read", e);
        }
    }

    /** The message of a message record (type, queue, then the message, its id first). */
    private static DBMessage message(byte[] record) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record))) {
            in.readByte();
            in.readUTF();
            return new DBMessage(in.readUTF(), readBytes(in), in.readLong(), readBytes(in),
                    readBytes(in), in.readLong(), readLong(in), in.readInt(), readString(in), readString(in),
                    readString(in), readString(in), readString(in));
        } catch (IOException e) {
            throw new UncheckedIOException("a message record of the queue journal cannot be read", e);
        }
    }

    private static byte[] queueRecord(String name, byte[] settings) {
        return encode(QUEUE, out -> {
            out.writeUTF(name);
            writeBytes(out, settings);
        });
    }

    private static void writeMessage(DataOutputStream out, DBMessage m) throws IOException {
        out.writeUTF(m.messageId());
        writeBytes(out, m.deliveryReceipts());
        out.writeLong(m.nextDelivery());
        writeBytes(out, m.content());
        writeBytes(out, m.attributes());
        out.writeLong(m.created());
        Option<Object> received = m.received();
        out.writeBoolean(received.isDefined());
        if (received.isDefined()) {
            out.writeLong((Long) received.get());
        }
        out.writeInt(m.receiveCount());
        writeString(out, m.groupId());
        writeString(out, m.deduplicationId());
        writeString(out, m.tracingId());
        writeString(out, m.sequenceNumber());
        writeString(out, m.deadLetterSourceQueueName());
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(byte type, Writer body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(type);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return value;
    }

    private static void writeString(DataOutputStream out, Option<String> value) throws IOException {
        out.writeBoolean(value.isDefined());
        if (value.isDefined()) {
            writeBytes(out, value.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static Option<String> readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? Option.apply(new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8))
                : Option.empty();
    }

    private static Option<Object> readLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? Option.apply(in.readLong()) : Option.empty();
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
