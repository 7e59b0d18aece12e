package io.ivantiscim.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The check that stops start-up ({@code make check}, and the start-up check it shares) on a tenant the default
 * configuration does not fit: a Status list without {@code Inactive} (docs/ivanti-api.md §11) and several Employee
 * relationships of the team type (§5). Each failure names the values or candidates and the property to set. The
 * start-up check itself is off here, or this application would stop before the test.
 */
@QuarkusTest
@TestProfile(MisconfiguredTenantTest.Misconfigured.class)
class MisconfiguredTenantTest {

    /** The stock Status values only, and one extra team-typed relationship; the bridge left at its defaults. */
    public static class Misconfigured extends ConfigOverrides {

        public Misconfigured() {
            super("bridge.emulator.status-values", "Active,Terminated,New,On Leave",
                    "bridge.emulator.relationships.extra-team-links", "1",
                    "bridge.ivanti.startup-check", "false");
        }
    }

    @Inject
    IvantiConnectionCheck check;

    @Test
    void aMissingStatusValueAndAnAmbiguousRelationshipFailNamingWhatToSet() {
        IvantiConnectionCheck.Verdict v = check.verify();
        String report = v.report();
        assertFalse(v.ok(), report);
        assertEquals("status-values-missing", v.failure(), report);
        assertTrue(report.contains("FAILED   status-values: 'Inactive' (bridge.mapping.user.status.inactive) not in "
                + "the tenant's Status list (employeestatuss), which offers "), report);
        for (String offered : new String[]{"Active", "Terminated", "New", "On Leave"}) {
            assertTrue(report.substring(report.indexOf("which offers")).contains(offered), report);
        }
        assertTrue(report.contains("FAILED   relationships: 2 NavigationProperties of type standarduserteam in "
                + "Ivanti's employees/$metadata could be the group membership: EmployeeAssociatedStandardUserTeam, "
                + "EmployeeOwnedTeam. Set bridge.groups.relationship (BRIDGE_GROUPS_RELATIONSHIP)"), report);
        assertTrue(IvantiConnectionCheck.fix(v.failure()).contains("Disabled"), IvantiConnectionCheck.fix(v.failure()));
    }
}
