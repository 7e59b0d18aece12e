package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Session-key auth against the emulator: an expiry mid-run under 50 concurrent SCIM requests costs one login. */
@QuarkusTest
@TestProfile(SessionAuthTest.Profile.class)
class SessionAuthTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super(tenantLogin("session", "bridge.ivanti.auth.idle-timeout", "PT30M", "bridge.emulator.logout-enabled",
                    "true"));
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Test
    void expiryUnderFiftyConcurrentRequestsCostsOneLogin() throws Exception {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        emu.expireSessions();
        Map<String, Long> d = emu.deltas(() -> {
            try {
                assertEquals(Collections.nCopies(50, 200), Burst.run(50, Duration.ofSeconds(60),
                        () -> Scim.idp().get("/Users/" + id).then().extract().statusCode()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "login", "employees.list");
        assertEquals(1, d.get("login"), d.toString());
        assertTrue(d.get("employees.list") >= 50 && d.get("employees.list") <= 100, d.toString());
    }

    @Test
    void credentialNeverInScimErrors() {
        emu.settings(Map.of("password", "changed-by-admin"));
        try {
            emu.expireSessions();
            String body = Scim.idp().get("/Users/" + "0123456789ABCDEF0123456789ABCDEF").then().statusCode(502)
                    .extract().asString();
            assertEquals(false, body.contains("demo-password") || body.contains("demo.ivanticloud.com#"), body);
        } finally {
            emu.resetSettings();
        }
    }
}
