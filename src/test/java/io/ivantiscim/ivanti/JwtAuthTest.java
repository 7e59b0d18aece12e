package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.health.IvantiConnectionCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * JWT login on an OIDC tenant ({@code Bearer}), and in the same restart the start-up check on a mapping that names
 * fields the tenant's {@code $metadata} lacks, a custom attribute's and the user externalId's (the check is off at
 * boot so the test can call it).
 */
@QuarkusTest
@TestProfile(JwtAuthTest.Profile.class)
class JwtAuthTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super(tenantLogin("jwt", "bridge.emulator.login-mode", "jwt", "bridge.ivanti.startup-check", "false",
                    "bridge.mapping.user.custom.building.field", "BuildingNmae",
                    "bridge.mapping.user.external-id-field", "IdentityIdd"));
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Inject
    IvantiConnectionCheck check;

    @Inject
    IvantiCaches caches;

    @Inject
    IvantiClient ivanti;

    @Test
    void jwtIsSentAsBearerAndRenewedAfterExpiry() {
        // The connection probe selects only RecId, so the deliberately wrong custom field does not get in the way.
        ivanti.probe("employees");
        emu.ageSessions(3600); // past exp
        Map<String, Long> d = emu.deltas(() -> ivanti.probe("employees"), "login", "auth.failed");
        assertEquals(1L, d.get("login"));
    }

    @Test
    void startupCheckListsMissingFieldsWithClosestNames() {
        IvantiConnectionCheck.Verdict v = check.verify();
        assertEquals("mapping-fields-missing", v.failure(), v.text());
        String text = v.text();
        assertEquals(true, text.contains("'BuildingNmae'") && text.contains("closest: BuildingName"), text);
        // A user's externalId field the tenant lacks is named with its SCIM attribute, never dropped silently
        // (issue 12 item 6): with a real tenant this verdict stops start-up.
        assertEquals(true, text.contains("mapped field 'IdentityIdd' (externalId) is not an Employee field; closest: "
                + "IdentityId"), text);
    }

    @Test
    void metadataIsCachedUntilFlushed() {
        check.verify();
        assertEquals(0L, emu.calls(check::verify, "metadata"));
        Map<String, Integer> flushed = caches.flushAll();
        assertEquals(List.of("metadata"), List.copyOf(flushed.keySet()));
        assertEquals(1L, emu.calls(check::verify, "metadata"));
    }
}
