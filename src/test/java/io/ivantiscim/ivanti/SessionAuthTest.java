package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Session-key auth against the emulator: an expiry mid-run under 50 concurrent SCIM requests costs one login. */
@QuarkusTest
@TestProfile(SessionAuthTest.Profile.class)
class SessionAuthTest {

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.ivanti.auth.mode", "session", "bridge.ivanti.auth.tenant", "demo.ivanticloud.com",
                    "bridge.ivanti.auth.username", "scim-bridge", "bridge.ivanti.auth.password", "demo-password",
                    "bridge.ivanti.auth.idle-timeout", "PT30M", "bridge.emulator.logout-enabled", "true");
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Test
    void expiryUnderFiftyConcurrentRequestsCostsOneLogin() throws Exception {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("session"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        emu.expireSessions();
        Map<String, Long> d = emu.deltas(() -> {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return Scim.idp().get("/Users/" + id).then().extract().statusCode();
                }));
            }
            go.countDown();
            try {
                for (Future<Integer> f : results) {
                    assertEquals(200, f.get(60, TimeUnit.SECONDS));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                pool.shutdown();
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
