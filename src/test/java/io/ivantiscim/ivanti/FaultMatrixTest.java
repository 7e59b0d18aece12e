package io.ivantiscim.ivanti;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Each emulator fault × create/get/patch/list answers the SCIM status the IdP can act on, creates never duplicate,
 * the breaker opens and closes, and readiness names each failure kind. Fault-tolerance timings shrunk by config.
 * <p>
 * The read timeout stays at its default here: no test of this class is about timeouts, and a short one also cuts
 * healthy answers on a loaded machine (an in-process emulator call can take longer than any small bound there), which
 * turned the breaker's single trial call or the one retry after a 429 into a timeout. The timeout cases, which need a
 * read timeout shorter than their faults' latency, are {@link FaultTimeoutsTest}.
 */
@QuarkusTest
@TestProfile(FaultMatrixTest.Profile.class)
class FaultMatrixTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.ivanti.retry.initial-delay", "10ms", "bridge.ivanti.retry.max-delay", "40ms",
                    "bridge.ivanti.retry.max-retry-after", "2s",
                    "bridge.ivanti.breaker.request-volume-threshold", "6", "bridge.ivanti.breaker.delay", "500ms");
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Inject
    IvantiClient ivanti;

    @Inject
    BridgeConfig config;

    @BeforeEach
    void clean() {
        clean(emu, ivanti);
    }

    static Map<String, Object> user(String login) {
        return Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", login, "name",
                Map.of("givenName", "Fault", "familyName", "Matrix"), "emails",
                List.of(Map.of("value", login + "@example.test", "type", "work", "primary", true)), "active", true);
    }

    @Test
    void everyFaultTimesEveryOperation() {
        Map<String, Map<String, Object>> faults = new LinkedHashMap<>();
        faults.put("503", Map.of("unavailableRate", 1.0, "retryAfterSeconds", 0));
        faults.put("500 ISM_5000", Map.of("errorRate", 1.0));
        faults.put("dropped connection", Map.of("dropRate", 1.0));
        matrix(emu, ivanti, faults, false);
    }

    /**
     * Each fault of {@code faults} × create/get/patch/list is 503 with {@code Retry-After}, and the IdP's retry of the
     * create afterwards leaves exactly one Employee: a create that failed stored nothing (201 now), except, when
     * {@code mayHaveApplied}, one that timed out, which the tenant may still have applied with only its answer lost
     * (409 now).
     */
    static void matrix(EmulatorClient emu, IvantiClient ivanti, Map<String, Map<String, Object>> faults,
            boolean mayHaveApplied) {
        for (var fault : faults.entrySet()) {
            String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("matrix"));
            String login = EmulatorClient.uniqueLogin("matrix.new");
            Map<String, Supplier<Response>> ops = new LinkedHashMap<>();
            ops.put("create", () -> Scim.idp().body(user(login)).post("/Users"));
            ops.put("get", () -> Scim.idp().get("/Users/" + id));
            ops.put("patch", () -> Scim.idp().body(Map.of("schemas",
                    List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations",
                    List.of(Map.of("op", "replace", "path", "title", "value", "Chaos engineer"))))
                    .patch("/Users/" + id));
            ops.put("list", () -> Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users"));
            for (var op : ops.entrySet()) {
                ivanti.resetBreaker();
                emu.faults(fault.getValue());
                Response r = op.getValue().get();
                emu.clearFaults();
                assertEquals(503, r.statusCode(), fault.getKey() + " × " + op.getKey() + ": " + r.asString());
                r.then().header("Retry-After", notNullValue());
            }
            ivanti.resetBreaker();
            int status = Scim.idp().body(user(login)).post("/Users").statusCode();
            assertTrue(status == 201 || (status == 409 && mayHaveApplied), fault.getKey() + " " + status);
            assertEquals(1, employeesWithLogin(emu, login), fault.getKey());
        }
    }

    @Test
    void throttlingRetryAfterIsWaitedOutOnReads() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("throttle"));
        emu.faults(Map.of("throttleBurst", 1, "retryAfterSeconds", 1));
        long start = System.nanoTime();
        Map<String, Long> d = emu.deltas(() -> Scim.idp().get("/Users/" + id).then().statusCode(200),
                "fault.429", "employees.list");
        assertEquals(1, d.get("fault.429"));
        assertEquals(2, d.get("employees.list"));
        assertTrue(System.nanoTime() - start >= 900_000_000L, "Retry-After: 1 was not honoured");
    }

    @Test
    void breakerOpensIntoFastRetryAfterAndCloses() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("breaker"));
        emu.faults(Map.of("unavailableRate", 1.0, "retryAfterSeconds", 0));
        boolean open = false;
        for (int i = 0; i < 20 && !open; i++) {
            long calls = emu.calls(() -> Scim.idp().get("/Users/" + id).then().statusCode(503)
                    .header("Retry-After", notNullValue()), "total");
            open = calls == 0;
        }
        long openSeen = System.nanoTime();
        assertTrue(open, "the breaker never opened");
        assertTrue(!"CLOSED".equals(ivanti.breakerState()), ivanti.breakerState());
        emu.clearFaults();
        // SmallRye moves an open breaker to half-open lazily, on the first call once its delay has passed since it
        // opened; it opened before openSeen, so from openSeen + delay on, the very next call is the half-open trial.
        // Wait for exactly that instant (a known deadline, not a guess), then one call must succeed and close it.
        long remaining = openSeen + config.ivanti().breaker().delay().toNanos() - System.nanoTime();
        if (remaining > 0) {
            CompletableFuture.runAsync(() -> {
            }, CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS)).join();
        }
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        assertEquals("CLOSED", ivanti.breakerState());
    }

    @Test
    void readinessNamesEachFailureKindFromWhatCallsMet() {
        given().get("/q/health/ready").then().statusCode(200);
        expectReadiness(emu, ivanti, () -> emu.settings(Map.of("apiKey", "rotated-key")), "credentials-rejected");
        expectReadiness(emu, ivanti, () -> emu.settings(Map.of("basePath", "/HEAT")), "path-not-found");
        expectReadiness(emu, ivanti, () -> emu.faults(Map.of("dropRate", 1.0)), "unreachable");
    }

    @Test
    void readinessAnswersAtOnceWithoutCallingASlowTenant() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("ready"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        emu.faults(Map.of("latencyMs", 1500));
        // The emulator counts a call when it arrives, before its latency: a probe that asked the slow tenant shows up
        // here however long it waited or whether it gave up. How long the probes took is not asserted: on a loaded
        // machine a probe that never calls Ivanti can take longer than any bound, 1.5 s included.
        long calls = emu.calls(() -> {
            for (int i = 0; i < 5; i++) {
                given().get("/q/health/ready").then().statusCode(200);
            }
        }, "total");
        assertEquals(0, calls, "readiness called Ivanti");
        // Liveness never depends on Ivanti: up while every call is dropped.
        emu.clearFaults();
        emu.faults(Map.of("dropRate", 1.0));
        Scim.idp().get("/Users/" + id).then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void rejectedCredentialIsA502ThatSaysSo() {
        emu.settings(Map.of("apiKey", "rotated-key"));
        Scim.idp().get("/Users/0123456789ABCDEF0123456789ABCDEF").then().statusCode(502)
                .body(containsString("the bridge's Ivanti credentials were rejected".substring(4)))
                .body(org.hamcrest.Matchers.not(containsString("demo-ivanti-key")));
    }

    /** Readiness is 503 naming {@code failure} after one IdP read against the tenant {@code breakIt} broke. */
    static void expectReadiness(EmulatorClient emu, IvantiClient ivanti, Runnable breakIt, String failure) {
        clean(emu, ivanti);
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("readiness"));
        breakIt.run();
        try {
            // Readiness reports what the last calls met; one IdP read is enough (with its two retries, three in a
            // row for the kinds that one failed call does not prove).
            Scim.idp().get("/Users/" + id);
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'ivanti' }.data.failure", org.hamcrest.Matchers.equalTo(failure));
        } finally {
            clean(emu, ivanti);
        }
    }

    /** No faults, the configured switches, a closed breaker and no remembered failures. */
    static void clean(EmulatorClient emu, IvantiClient ivanti) {
        emu.clearFaults();
        emu.resetSettings();
        ivanti.resetBreaker();
    }

    static int employeesWithLogin(EmulatorClient emu, String login) {
        Response r = emu.api().queryParam("$filter", "LoginID eq '" + login + "'").queryParam("$select", "RecId")
                .get(emu.odata("employees"));
        String body = r.asString();
        return body.isBlank() ? 0 : r.jsonPath().getList("value").size();
    }
}
