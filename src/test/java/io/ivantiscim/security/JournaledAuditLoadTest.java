package io.ivantiscim.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link AuditLoadTest} with the audit journal on (as beside the default H2 file store): every event journaled, then
 * copied into the store, and all of them there after a flush.
 */
@QuarkusTest
@TestProfile(JournaledAuditLoadTest.Profile.class)
class JournaledAuditLoadTest extends AuditLoadTest {

    static final Path DIR = Path.of("target/journaled-audit-load-test");

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.audit.journal-dir", DIR.toString());
        }
    }

    @Test
    void theJournalIsOpen() {
        assertTrue(Files.isRegularFile(DIR.resolve("audit.journal")), "no journal in " + DIR.toAbsolutePath());
    }
}
