package io.ivantiscim.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import io.ivantiscim.store.AuditEvent;
import io.ivantiscim.store.AuditRepository;

/**
 * An append-only file of audit events: the durable half of the audit's group commit (issue 15 item 10) at the cost
 * of one {@code write} per group instead of an H2 commit, which serialises whole B-tree pages of the table and its
 * indexes each time (issue 14). {@link AuditLog} copies what it journals into the store in large batches, recording
 * in the same transaction the last sequence number stored ({@code audit_journal}), and empties the file once every
 * event in it is stored; at start-up the events past that number are copied first, so an event acknowledged before
 * a kill -9 reaches the store exactly once. A write that returned is in the operating system's page cache, which a
 * killed process cannot lose; {@code sync} adds an fsync per group for power loss as well.
 * <p>
 * Layout: a header (magic, the journal's id), then one record per event: length, CRC-32 of the payload, payload
 * (sequence number, time, the event's fields). A record cut short by a kill during its write, never acknowledged,
 * ends the journal: it fails its length or CRC check and is dropped with what follows. The file is locked while
 * open, so two processes never share one journal.
 */
final class AuditJournal implements Closeable {

    /** An event and its sequence number in this journal. */
    record Entry(long sequence, AuditEvent event) {
    }

    private static final int MAGIC = 0x41554A31;
    private static final int ID_LENGTH = 36;
    private static final int HEADER_LENGTH = 4 + ID_LENGTH;
    /** A record longer than this is corruption, not an event (a request body is at most 1 MB). */
    private static final int MAX_RECORD = 8 * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean sync;
    private final String id;
    private final CRC32 crc = new CRC32();
    private ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    private long nextSequence = 1;

    private AuditJournal(Path file, FileChannel channel, FileLock lock, boolean sync, String id) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.sync = sync;
        this.id = id;
    }

    /** Opens the journal at {@code file}, creating it (and its directory) when missing. */
    static AuditJournal open(Path file, boolean sync) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("the audit journal " + file + " is in use by another process (each replica "
                        + "needs its own bridge.audit.journal-dir)");
            }
            String id;
            if (channel.size() < HEADER_LENGTH) {
                id = UUID.randomUUID().toString();
                ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).putInt(MAGIC)
                        .put(id.getBytes(StandardCharsets.US_ASCII)).flip();
                channel.truncate(0);
                write(channel, header, 0);
                channel.force(true);
            } else {
                ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
                read(channel, header, 0);
                header.flip();
                if (header.getInt() != MAGIC) {
                    throw new IOException(file + " is not an audit journal");
                }
                byte[] raw = new byte[ID_LENGTH];
                header.get(raw);
                id = new String(raw, StandardCharsets.US_ASCII);
            }
            channel.position(HEADER_LENGTH);
            return new AuditJournal(file, channel, lock, sync, id);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Copies into the store the events past the journal's position there (what a crash left unstored), in journal
     * order and with the new position in the same transaction, then empties the journal; answers how many.
     */
    int replay(AuditRepository store) throws IOException {
        long stored = store.journalPosition(id);
        List<AuditEvent> missing = new ArrayList<>();
        for (Entry entry : read(stored)) {
            if (entry.sequence() > stored) {
                missing.add(entry.event());
            }
        }
        if (!missing.isEmpty()) {
            store.insertJournaled(missing, id, lastSequence());
        }
        clear();
        return missing.size();
    }

    /** The journal's id, the key of its row in {@code audit_journal}. */
    String id() {
        return id;
    }

    Path file() {
        return file;
    }

    /**
     * Reads every whole record, leaves the file positioned after the last one (a torn tail is cut off) and numbers
     * the next event after it, or after {@code storedUpTo} when the store is further (the journal was emptied).
     */
    private List<Entry> read(long storedUpTo) throws IOException {
        long size = channel.size();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - HEADER_LENGTH));
        read(channel, all, HEADER_LENGTH);
        all.flip();
        List<Entry> entries = new ArrayList<>();
        long end = HEADER_LENGTH;
        long last = storedUpTo;
        while (all.remaining() >= 8) {
            int length = all.getInt();
            int checksum = all.getInt();
            if (length <= 0 || length > MAX_RECORD || length > all.remaining()) {
                break;
            }
            crc.reset();
            crc.update(all.array(), all.position(), length);
            if ((int) crc.getValue() != checksum) {
                break;
            }
            ByteBuffer payload = all.slice(all.position(), length);
            all.position(all.position() + length);
            try {
                Entry entry = decode(payload);
                entries.add(entry);
                last = Math.max(last, entry.sequence());
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                break;
            }
            end = HEADER_LENGTH + all.position();
        }
        if (end < size) {
            channel.truncate(end);
        }
        channel.position(end);
        nextSequence = last + 1;
        return entries;
    }

    /** Appends the events in one write (and one fsync when asked); answers the sequence number of the last. */
    long append(List<AuditEvent> events) throws IOException {
        buffer.clear();
        for (AuditEvent e : events) {
            int start = buffer.position();
            ensure(8 + 256);
            buffer.position(start + 8);
            encode(nextSequence, e);
            int length = buffer.position() - start - 8;
            crc.reset();
            crc.update(buffer.array(), start + 8, length);
            buffer.putInt(start, length).putInt(start + 4, (int) crc.getValue());
            nextSequence++;
        }
        buffer.flip();
        long before = channel.position();
        try {
            write(channel, buffer, before);
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            // A part of the group may be in the file: cut it off, so the records after it stay readable.
            try {
                channel.truncate(before);
            } catch (IOException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
        channel.position(before + buffer.limit());
        return nextSequence - 1;
    }

    /** The sequence number of the last event appended (or found at start-up). */
    long lastSequence() {
        return nextSequence - 1;
    }

    /** Empties the journal (every event in it is stored); the sequence numbers go on. */
    void clear() throws IOException {
        channel.truncate(HEADER_LENGTH);
        channel.position(HEADER_LENGTH);
    }

    /** Bytes of events in the journal. */
    long eventBytes() throws IOException {
        return channel.position() - HEADER_LENGTH;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private void encode(long sequence, AuditEvent e) {
        buffer.putLong(sequence);
        buffer.putLong(e.occurredAt().getEpochSecond()).putInt(e.occurredAt().getNano());
        string(e.kind());
        string(e.connection());
        string(e.action());
        string(e.resourceType());
        string(e.resourceId());
        string(e.userName());
        string(e.outcome());
        ensure(32);
        number(e.status());
        number(e.ivantiCalls());
        number(e.latencyMs());
        string(e.correlationId());
        string(e.actor());
        string(e.detail());
    }

    private static Entry decode(ByteBuffer b) {
        long sequence = b.getLong();
        Instant at = Instant.ofEpochSecond(b.getLong(), b.getInt());
        String kind = string(b);
        String connection = string(b);
        String action = string(b);
        String resourceType = string(b);
        String resourceId = string(b);
        String userName = string(b);
        String outcome = string(b);
        Long status = number(b);
        Long calls = number(b);
        Long latency = number(b);
        String correlationId = string(b);
        String actor = string(b);
        String detail = string(b);
        return new Entry(sequence, new AuditEvent(null, at, kind, connection, action, resourceType, resourceId,
                userName, outcome, status == null ? null : status.intValue(), calls == null ? null : calls.intValue(),
                latency, correlationId, actor, detail));
    }

    private void string(String value) {
        if (value == null) {
            ensure(4);
            buffer.putInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length);
        buffer.putInt(bytes.length).put(bytes);
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        if (length > b.remaining()) {
            throw new IllegalArgumentException("string past the record");
        }
        String value = new String(b.array(), b.arrayOffset() + b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return value;
    }

    private void number(Number value) {
        if (value == null) {
            buffer.put((byte) 0);
        } else {
            buffer.put((byte) 1).putLong(value.longValue());
        }
    }

    private static Long number(ByteBuffer b) {
        return b.get() == 0 ? null : b.getLong();
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    private static void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }

    private static void read(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }
}
