package io.ivantiscim.ivanti;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Session-key auth against the emulator: an ended session is renewed and the call sent again, invisibly to the IdP
 * (issue 15), with one login per ended session however many requests meet it; only a refused login is a 502.
 */
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
    void sessionsEndingEverySixteenCallsAreInvisibleToEightConcurrentIdpClients() throws Exception {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session.churn"));
        int perSession = 16;
        emu.settings(Map.of("sessionMaxCalls", perSession));
        try {
            Map<String, Long> d = emu.deltas(() -> {
                try {
                    List<Integer> statuses = new ArrayList<>();
                    Burst.run(8, Duration.ofSeconds(120), () -> {
                        List<Integer> mine = new ArrayList<>();
                        for (int i = 0; i < 12; i++) {
                            mine.add(Scim.idp().get("/Users/" + id).then().extract().statusCode());
                        }
                        return mine;
                    }).forEach(statuses::addAll);
                    assertEquals(Collections.nCopies(96, 200), statuses);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "login", "total", "auth.failed");
            long answered = d.get("total") - d.get("login") - d.get("auth.failed");
            assertTrue(answered >= 96, d.toString());
            // Every session serves at most 16 calls, so they really ended mid-burst...
            assertTrue(d.get("login") >= answered / perSession - 1 && d.get("auth.failed") > 0, d.toString());
            // ...and each ended session cost one login, not one per request that met it: a session is replaced only
            // once it has served its 16 calls, all but the first inside this burst.
            assertTrue(d.get("login") <= 1 + answered / perSession, d.toString());
        } finally {
            emu.resetSettings();
        }
    }

    @Test
    void aRenewedSessionThatEndedBeforeItsFirstCallIsRenewedAgain() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session.ended"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        // The soak's 502s: the session ends, and so do the next two it gets before it can use them.
        Map<String, Long> d = emu.deltas(() -> {
            emu.expireSessions(2);
            Scim.idp().get("/Users/" + id).then().statusCode(200);
        }, "login");
        assertEquals(3, d.get("login"), d.toString());
    }

    @Test
    void anotherClientTakingTheOnlySessionIsInvisibleToTheIdp() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session.evicted"));
        emu.settings(Map.of("maxSessionsPerUser", 1));
        try {
            Scim.idp().get("/Users/" + id).then().statusCode(200);
            // A second replica on the same Ivanti user under a cap of one session: each of its logins evicts ours.
            Map<String, Long> d = emu.deltas(() -> {
                for (int i = 0; i < 5; i++) {
                    emu.login();
                    Scim.idp().get("/Users/" + id).then().statusCode(200);
                }
            }, "login");
            assertEquals(10, d.get("login"), d.toString());
        } finally {
            emu.resetSettings();
        }
    }

    @Test
    void sessionsThatNeverLastEndIn503WithRetryAfterAfterBoundedRenewals() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session.never"));
        try {
            Map<String, Long> d = emu.deltas(() -> {
                emu.expireSessions(1000);
                Scim.idp().get("/Users/" + id).then().statusCode(503).header("Retry-After", notNullValue())
                        .body("detail", not(containsString("credentials")));
            }, "login");
            // At most MAX_RENEWALS logins per attempt, and the read's first attempt plus bridge.ivanti.retry.max-retries.
            assertTrue(d.get("login") >= IvantiClient.MAX_RENEWALS
                    && d.get("login") <= IvantiClient.MAX_RENEWALS * 3L, d.toString());
        } finally {
            emu.expireSessions();
        }
        Scim.idp().get("/Users/" + id).then().statusCode(200);
    }

    @Test
    void aWriteWhoseRenewedSessionsKeepEndingIsSentAgainLikeARead() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session.write"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        // The update meets an ended session on its first attempt and on each of its renewals: SESSION_LOST. Every
        // answer was 401, so Ivanti did nothing and the write can be sent again.
        emu.faults(Map.of("sessionEndedCalls", IvantiClient.MAX_RENEWALS + 1, "kinds", "employees.update"));
        try {
            Map<String, Long> d = emu.deltas(() -> Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:"
                    + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"title\","
                    + "\"value\":\"Renewed\"}]}").patch("/Users/" + id).then().statusCode(200)
                    .body("title", equalTo("Renewed")), "employees.update", "fault.401");
            assertEquals(IvantiClient.MAX_RENEWALS + 1L, d.get("fault.401"), d.toString());
            assertEquals(IvantiClient.MAX_RENEWALS + 2L, d.get("employees.update"), d.toString());
        } finally {
            emu.clearFaults();
        }
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("title", equalTo("Renewed"));
    }

    @Test
    void onlyARefusedLoginIsCredentialsRejected() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session.refused"));
        emu.settings(Map.of("password", "changed-by-admin"));
        try {
            emu.expireSessions();
            Map<String, Long> d = emu.deltas(() -> Scim.idp().get("/Users/" + id).then().statusCode(502)
                    .body("detail", containsString("credentials were rejected")), "login");
            assertEquals(1, d.get("login"), "a refused login is final: " + d);
        } finally {
            emu.resetSettings();
        }
        Scim.idp().get("/Users/" + id).then().statusCode(200);
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
