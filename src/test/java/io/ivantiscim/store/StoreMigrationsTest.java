package io.ivantiscim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

/** Start-up skips Flyway only on a schema at the newest migration; every other schema is migrated as before. */
class StoreMigrationsTest {

    @Test
    void latestMigrationNamesTheNewestScript() {
        try (AgroalDataSource ds = fresh()) {
            MigrationVersion newest = Arrays.stream(flyway(ds, null).info().all()).map(MigrationInfo::getVersion)
                    .max(Comparator.naturalOrder()).orElseThrow();
            assertEquals(newest.getVersion(), Store.LATEST_MIGRATION,
                    "a script was added to db/migration: raise Store.LATEST_MIGRATION to its version");
        }
    }

    @Test
    void aNewSchemaIsMigratedAndASecondStartLeavesItAlone() throws SQLException {
        try (AgroalDataSource ds = fresh()) {
            assertFalse(Store.atLatestMigration(ds), "no history table yet");
            Store.migrate(ds);
            assertTrue(Store.atLatestMigration(ds));
            long applied = historyRows(ds);
            assertEquals(Long.parseLong(Store.LATEST_MIGRATION), applied, "one history row per script");
            Store.migrate(ds);
            assertEquals(applied, historyRows(ds), "nothing applied again");
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM audit_journal"), "the newest table exists");
        }
    }

    @Test
    void anOlderSchemaIsBroughtUpToTheNewestMigration() throws SQLException {
        try (AgroalDataSource ds = fresh()) {
            flyway(ds, "1").migrate();
            assertFalse(Store.atLatestMigration(ds));
            Store.migrate(ds);
            assertTrue(Store.atLatestMigration(ds));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM group_external_id"));
        }
    }

    @Test
    void aFailedMigrationInTheHistoryIsLeftToFlyway() throws SQLException {
        try (AgroalDataSource ds = fresh()) {
            Store.migrate(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");
            }
            assertFalse(Store.atLatestMigration(ds));
        }
    }

    private static AgroalDataSource fresh() {
        return Store.open("jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2,
                Duration.ofSeconds(5));
    }

    private static Flyway flyway(DataSource ds, String target) {
        var config = Flyway.configure(Store.class.getClassLoader()).dataSource(ds).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private static long historyRows(DataSource ds) throws SQLException {
        return count(ds, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL");
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
