package io.ivantiscim.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.agroal.api.AgroalDataSource;
import io.ivantiscim.store.AuditEvent;
import io.ivantiscim.store.AuditQuery;
import io.ivantiscim.store.AuditRepository;
import io.ivantiscim.store.Store;

/**
 * The audit journal against a migrated H2 store: what a kill left in the journal reaches the store exactly once and
 * in order, whatever part of it the store already had, and a record cut short by the kill ends the journal without
 * hiding what is written after the restart. Closing a journal without storing is what a kill -9 leaves behind.
 */
class AuditJournalTest {

    @TempDir
    Path dir;

    private AgroalDataSource dataSource;
    private AuditRepository store;
    private final String label = "j" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
    private int made;

    @BeforeEach
    void open() {
        dataSource = Store.open("jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2,
                Duration.ofSeconds(5));
        Store.migrate(dataSource);
        store = new AuditRepository(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void whatAKillLeftIsStoredOnceInOrderAndTheNumbersGoOn() throws IOException {
        List<AuditEvent> first = events(3);
        List<AuditEvent> second = events(2);
        try (AuditJournal journal = journal()) {
            assertEquals(0, journal.replay(store));
            journal.append(first);
            journal.append(second);
        }
        List<AuditEvent> all = new ArrayList<>(first);
        all.addAll(second);
        try (AuditJournal journal = journal()) {
            assertEquals(5, journal.replay(store));
            assertEquals(all, stored());
            AuditEvent later = events(1).get(0);
            journal.append(List.of(later));
            all.add(later);
        }
        try (AuditJournal journal = journal()) {
            assertEquals(1, journal.replay(store), "the event journaled after the first replay");
        }
        try (AuditJournal journal = journal()) {
            assertEquals(0, journal.replay(store));
        }
        assertEquals(all, stored());
    }

    @Test
    void aReplaySkipsWhatTheStoreAlreadyHas() throws IOException {
        List<AuditEvent> copied = events(3);
        List<AuditEvent> notYet = events(2);
        try (AuditJournal journal = journal()) {
            journal.replay(store);
            journal.append(copied);
            // The writer's copy into the store committed, then the kill came before the journal was emptied.
            store.insertJournaled(copied, journal.id(), journal.lastSequence());
            journal.append(notYet);
        }
        try (AuditJournal journal = journal()) {
            assertEquals(2, journal.replay(store));
        }
        List<AuditEvent> all = new ArrayList<>(copied);
        all.addAll(notYet);
        assertEquals(all, stored());
    }

    static Stream<Arguments> tornTails() {
        return Stream.of(
                Arguments.of("half a length", new byte[]{0, 0}),
                Arguments.of("length and checksum only", ByteBuffer.allocate(8).putInt(200).putInt(7).array()),
                Arguments.of("a payload shorter than its length",
                        ByteBuffer.allocate(20).putInt(200).putInt(7).putLong(99).array()),
                Arguments.of("a whole record with a wrong checksum",
                        ByteBuffer.allocate(20).putInt(12).putInt(7).putLong(99).putInt(1).array()),
                Arguments.of("a zero length", new byte[12]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tornTails")
    void aRecordCutShortEndsTheJournal(String what, byte[] tail) throws IOException {
        List<AuditEvent> whole = events(2);
        try (AuditJournal journal = journal()) {
            journal.replay(store);
            journal.append(whole);
        }
        Files.write(dir.resolve(AuditLog.JOURNAL_FILE), tail, StandardOpenOption.APPEND);
        AuditEvent afterRestart = events(1).get(0);
        try (AuditJournal journal = journal()) {
            assertEquals(2, journal.replay(store), what);
            journal.append(List.of(afterRestart));
        }
        try (AuditJournal journal = journal()) {
            assertEquals(1, journal.replay(store), "written after the torn record was cut off");
        }
        List<AuditEvent> all = new ArrayList<>(whole);
        all.add(afterRestart);
        assertEquals(all, stored());
    }

    @Test
    void aJournalInUseIsRefused() throws IOException {
        try (AuditJournal journal = journal()) {
            assertEquals(0, journal.replay(store));
            IOException e = assertThrows(IOException.class, this::journal);
            assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws IOException {
        Files.writeString(dir.resolve(AuditLog.JOURNAL_FILE), "not a journal at all, but long enough for a header");
        IOException e = assertThrows(IOException.class, this::journal);
        assertTrue(e.getMessage().contains("is not an audit journal"), e.getMessage());
    }

    private AuditJournal journal() throws IOException {
        return AuditJournal.open(dir.resolve(AuditLog.JOURNAL_FILE), false);
    }

    /** Events with every field set or null in turn, each a second after the last, so time order is journal order. */
    private List<AuditEvent> events(int n) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = made++;
            boolean odd = k % 2 == 1;
            events.add(new AuditEvent(null, t0.plusSeconds(k), AuditEvent.SCIM, label, odd ? "PATCH" : "POST",
                    "Users", "rec-" + k, odd ? null : "zoë-" + k + "@example.com", odd ? "failure" : "success",
                    odd ? 503 : 201, odd ? null : k, odd ? null : (long) k * 7, "corr-" + k, odd ? null : "token-1",
                    odd ? "Manager 'x' not resolved; ✓ kept" : null));
        }
        return events;
    }

    /** The store's events of this test, oldest first, without their store ids. */
    private List<AuditEvent> stored() {
        List<AuditEvent> events = new ArrayList<>();
        for (AuditEvent e : store.query(new AuditQuery(null, null, null, label, null, null, 1000))) {
            events.add(new AuditEvent(null, e.occurredAt(), e.kind(), e.connection(), e.action(), e.resourceType(),
                    e.resourceId(), e.userName(), e.outcome(), e.status(), e.ivantiCalls(), e.latencyMs(),
                    e.correlationId(), e.actor(), e.detail()));
        }
        Collections.reverse(events);
        return events;
    }
}
