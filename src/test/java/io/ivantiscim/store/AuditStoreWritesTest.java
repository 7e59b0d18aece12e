package io.ivantiscim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

/**
 * What one batch of audit rows costs the embedded H2 file store (issue 14): each commit writes the store's dirty
 * pages to the file (the bridge runs H2 with {@code WRITE_DELAY 0}), so a batch must be one commit, not one per 32
 * ids the table's identity hands out.
 */
class AuditStoreWritesTest {

    @Test
    void aBatchOfFiveHundredEventsIsOneFileWrite() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/audit-store-writes"));
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("s-" + UUID.randomUUID())
                + ";DB_CLOSE_ON_EXIT=FALSE";
        try (AgroalDataSource ds = Store.open(url, null, null, 2, Duration.ofSeconds(5))) {
            Store.migrate(ds);
            execute(ds, "SET WRITE_DELAY 0");
            AuditRepository audit = new AuditRepository(ds);
            String journal = UUID.randomUUID().toString();
            audit.insertJournaled(events(10), journal, 10);

            long before = fileWrites(ds);
            audit.insertJournaled(events(500), journal, 510);
            long writes = fileWrites(ds) - before;

            assertTrue(writes <= 2, writes + " H2 file writes for one batch of 500 audit events");
            List<AuditEvent> stored = audit.query(new AuditQuery(null, null, null, "writes", null, null, 1000));
            assertEquals(510, stored.size());
            Set<Long> ids = new HashSet<>();
            stored.forEach(e -> ids.add(e.id()));
            assertEquals(510, ids.size(), "ids stay unique");
        }
    }

    private static List<AuditEvent> events(int n) {
        Instant at = Instant.now();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new AuditEvent(null, at.plusMillis(i), AuditEvent.SCIM, "writes", "PATCH", "Users",
                    UUID.randomUUID().toString().replace("-", "").toUpperCase(), "u" + i + "@example.com",
                    AuditEvent.SUCCESS, 200, 2, 5L, UUID.randomUUID().toString(), "token", null));
        }
        return events;
    }

    private static long fileWrites(AgroalDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                        + "WHERE SETTING_NAME = 'info.FILE_WRITE'")) {
            r.next();
            return Long.parseLong(r.getString(1));
        }
    }

    private static void execute(AgroalDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
