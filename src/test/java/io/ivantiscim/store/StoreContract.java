package io.ivantiscim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/**
 * The store's behaviour, run against every database the bridge supports ({@link H2StoreTest},
 * {@link PostgresStoreTest}). Labels are random so the tests can run again on a database that keeps its rows.
 */
abstract class StoreContract {

    /** The migrated database under test. */
    abstract DataSource dataSource();

    TokenRepository tokens() {
        return new TokenRepository(dataSource());
    }

    AuditRepository audit() {
        return new AuditRepository(dataSource());
    }

    GroupExternalIdRepository groupExternalIds() {
        return new GroupExternalIdRepository(dataSource());
    }

    private final String label = "c" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void groupExternalIdsAreReplacedReadInBatchAndForgotten() {
        GroupExternalIdRepository repo = groupExternalIds();
        String a = label + "-A";
        String b = label + "-B";
        String shared = label + "-shared";
        repo.put(a, shared, Instant.now());
        repo.put(b, shared, Instant.now());
        assertEquals(List.of(a, b), repo.groupIds(shared));
        assertEquals(List.of(), repo.groupIds(shared.toUpperCase(Locale.ROOT)), "externalId is caseExact");
        repo.put(b, label + "-own", Instant.now());
        assertEquals(List.of(a), repo.groupIds(shared));
        assertEquals(Map.of(a, shared, b, label + "-own"), repo.byGroupIds(List.of(a, b, label + "-none")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            many.add(label + "-many-" + i);
        }
        many.add(a);
        assertEquals(Map.of(a, shared), repo.byGroupIds(many), "reads past one IN chunk");
        repo.put(a, null, Instant.now());
        assertEquals(Optional.empty(), repo.byGroupId(a));
        repo.delete(b);
        assertEquals(Map.of(), repo.byGroupIds(List.of(a, b)));
    }

    @Test
    void atMostTwoTokensPerConnection() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertTrue(tokens().insert(id(), label, hash(), now));
        assertTrue(tokens().insert(id(), label, hash(), now));
        assertFalse(tokens().insert(id(), label, hash(), now), "a third token must be refused");
        assertEquals(2, tokens().byConnection(label).size());
        assertEquals(List.of(1, 2), tokens().byConnection(label).stream().map(StoredToken::slot).sorted().toList());
    }

    @Test
    void removingAFreesItsSlot() {
        String first = id();
        assertTrue(tokens().insert(first, label, hash(), Instant.now()));
        assertTrue(tokens().insert(id(), label, hash(), Instant.now()));
        assertTrue(tokens().delete(first));
        assertTrue(tokens().insert(id(), label, hash(), Instant.now()));
        assertFalse(tokens().delete(first));
    }

    @Test
    void lifecycleColumns() {
        String id = id();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tokens().insert(id, label, hash(), created);
        StoredToken t = tokens().byId(id).orElseThrow();
        assertTrue(t.active());
        assertEquals(created, t.created());
        assertTrue(tokens().setActive(id, false));
        assertFalse(tokens().byId(id).orElseThrow().active());
        String newHash = hash();
        Instant renewed = created.plusSeconds(5);
        assertTrue(tokens().renew(id, newHash, renewed));
        assertEquals(newHash, tokens().byId(id).orElseThrow().hash());
        assertEquals(renewed, tokens().byId(id).orElseThrow().renewed());
        Instant used = created.plusSeconds(10);
        tokens().touch(Map.of(id, used));
        tokens().touch(Map.of(id, used.minusSeconds(3)));
        assertEquals(used, tokens().byId(id).orElseThrow().lastUsed(), "last use only moves forward");
        assertFalse(tokens().setActive(id(), true));
    }

    @Test
    void auditBatchAndQueries() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        String resource = UUID.randomUUID().toString().replace("-", "");
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new AuditEvent(null, t0.plusSeconds(i), AuditEvent.SCIM, label, "PATCH", "Users",
                    i % 10 == 0 ? resource : "other", "ada@example.com", i % 2 == 0 ? "success" : "failure",
                    i % 2 == 0 ? 200 : 503, 2, 12L, "corr-" + i, "token-id", null));
        }
        batch.add(AuditEvent.token("Created", label, "tok", "admin"));
        audit().insert(batch);

        assertEquals(51, audit().query(new AuditQuery(null, null, null, label, null, null, 1000)).size());
        assertEquals(50, audit().query(new AuditQuery(null, null, "scim", label, null, null, 1000)).size());
        assertEquals(5, audit().query(new AuditQuery(null, null, null, label, resource, null, 1000)).size());
        assertEquals(25, audit().query(new AuditQuery(null, null, "scim", label, null, "failure", 1000)).size());
        List<AuditEvent> window = audit().query(new AuditQuery(t0.plusSeconds(10), t0.plusSeconds(20), null, label,
                null, null, 1000));
        assertEquals(10, window.size());
        assertEquals(t0.plusSeconds(19), window.get(0).occurredAt(), "newest first");
        AuditEvent e = window.get(0);
        assertEquals(Integer.valueOf(2), e.ivantiCalls());
        assertEquals(Long.valueOf(12), e.latencyMs());
        assertNotNull(e.id());
        AuditEvent token = audit().query(new AuditQuery(null, null, "token", label, null, null, 10)).get(0);
        assertEquals("Created", token.action());
        assertEquals("admin", token.actor());
        assertEquals(3, audit().query(new AuditQuery(null, null, null, label, null, null, 3)).size(), "limit");
    }

    @Test
    void aJournalsPositionIsWrittenWithItsEvents() {
        String journal = UUID.randomUUID().toString();
        assertEquals(0, audit().journalPosition(journal));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        audit().insertJournaled(List.of(new AuditEvent(null, at, AuditEvent.SCIM, label, "POST", "Users", "j1", null,
                "success", 201, 2, 3L, null, null, null)), journal, 7);
        assertEquals(7, audit().journalPosition(journal));
        audit().insertJournaled(List.of(new AuditEvent(null, at, AuditEvent.SCIM, label, "DELETE", "Users", "j1",
                null, "success", 204, 2, 3L, null, null, null)), journal, 9);
        assertEquals(9, audit().journalPosition(journal));
        assertEquals(2, audit().query(new AuditQuery(null, null, null, label, "j1", null, 10)).size());
    }

    @Test
    void retentionDeletesOldEvents() {
        Instant old = Instant.now().minus(400, ChronoUnit.DAYS);
        audit().insert(List.of(new AuditEvent(null, old, AuditEvent.SCIM, label, "GET", "Users", "x", null,
                "success", 200, 1, 1L, null, null, null)));
        assertTrue(audit().purgeBefore(old.plusSeconds(1)) >= 1);
        assertTrue(audit().query(new AuditQuery(null, null, null, label, null, null, 10)).isEmpty());
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String hash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }
}
