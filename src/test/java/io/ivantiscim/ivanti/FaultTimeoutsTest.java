package io.ivantiscim.ivanti;

import static io.ivantiscim.ivanti.FaultMatrixTest.employeesWithLogin;
import static io.ivantiscim.ivanti.FaultMatrixTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The timeout cases of {@link FaultMatrixTest}: an Ivanti call slower than the read timeout is 503 with
 * {@code Retry-After} for every operation, readiness names it, and creates whose answer was lost are never
 * duplicated. The read timeout is short (300 ms) so that these stay quick; the faults that must time out sleep in the
 * emulator for well over it, and an emulator timer never fires early, so they time out however loaded the machine is.
 * The answers these tests need to arrive in time are reads, retried twice, or creates, which are looked up after a
 * timeout; no assertion here hangs on one healthy call beating 300 ms.
 */
@QuarkusTest
@TestProfile(FaultTimeoutsTest.Profile.class)
class FaultTimeoutsTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.ivanti.read-timeout", "300ms", "bridge.ivanti.retry.initial-delay", "10ms",
                    "bridge.ivanti.retry.max-delay", "40ms", "bridge.ivanti.retry.max-retry-after", "2s",
                    "bridge.ivanti.breaker.request-volume-threshold", "6", "bridge.ivanti.breaker.delay", "500ms");
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Inject
    IvantiClient ivanti;

    @BeforeEach
    void clean() {
        FaultMatrixTest.clean(emu, ivanti);
    }

    @Test
    void aTimeoutTimesEveryOperation() {
        Map<String, Map<String, Object>> faults = new LinkedHashMap<>();
        faults.put("timeout", Map.of("latencyMs", 800));
        FaultMatrixTest.matrix(emu, ivanti, faults, true);
    }

    @Test
    void readinessNamesATimeout() {
        FaultMatrixTest.expectReadiness(emu, ivanti, () -> emu.faults(Map.of("latencyMs", 800)), "timeout");
    }

    /**
     * A create that outlasts the read timeout (workflows on save, docs/ivanti-api.md §1.3) is found by the lookup after
     * its lost answer: the IdP hears 201 for the one Employee, and its retry 409.
     */
    @Test
    void aCreateThatOutlastsTheReadTimeoutIsFoundNotDuplicated() {
        String login = EmulatorClient.uniqueLogin("slow.create");
        emu.faults(Map.of("createLatencyMinMs", 900, "createLatencyMaxMs", 900));
        String id = Scim.idp().body(user(login)).post("/Users").then().statusCode(201).extract().path("id");
        emu.clearFaults();
        Scim.idp().body(user(login)).post("/Users").then().statusCode(409);
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then().statusCode(200)
                .body("Resources.id", Matchers.contains(id));
        assertEquals(1, employeesWithLogin(emu, login), login);
    }

    @Test
    void noDuplicateEmployeesAfterAnyMixOfTimeoutsOnCreate() {
        emu.faults(Map.of("jitterMs", 600, "seed", 7));
        Map<String, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            String login = EmulatorClient.uniqueLogin("mixed");
            int status = Scim.idp().body(user(login)).post("/Users").statusCode();
            assertTrue(status == 201 || status == 503, login + " " + status);
            first.put(login, status);
        }
        emu.clearFaults();
        ivanti.resetBreaker();
        // The IdP's retry: a create that answered 201 is a duplicate now (409, RFC 7644 §3.3); one that answered
        // 503 was either never stored (201 now) or stored after all (409 now); never a second Employee.
        for (var attempt : first.entrySet()) {
            String login = attempt.getKey();
            int status = Scim.idp().body(user(login)).post("/Users").statusCode();
            if (attempt.getValue() == 201) {
                assertEquals(409, status, login);
            } else {
                assertTrue(status == 201 || status == 409, login + " " + status);
            }
            assertEquals(1, employeesWithLogin(emu, login), login);
        }
    }
}
