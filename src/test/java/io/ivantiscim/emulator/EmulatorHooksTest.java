package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Faults, counters, the generator and reset (the {@code /emulator/_emulator} hooks). */
@QuarkusTest
class EmulatorHooksTest {

    final EmulatorClient emu = new EmulatorClient();

    @AfterEach
    void clear() {
        emu.clearFaults();
    }

    private int status() {
        return emu.api().queryParam("$top", 1).get(emu.odata("employees")).statusCode();
    }

    @Test
    void countersCountCallsByKind() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("cnt"));
        Map<String, Long> d = emu.deltas(() -> {
            emu.api().get(emu.entity("employees", id));
            emu.api().get(emu.entity("employees", id));
            emu.api().get(emu.odata("employees"));
            emu.api().get(emu.odata("standarduserteams"));
            emu.login();
            emu.api().get(emu.tenant() + "/api/odata/employees/$metadata");
            emu.api().get(emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam");
        }, "employees.get", "employees.list", "standarduserteams.list", "login", "metadata", "nav", "total");
        assertEquals(Map.of("employees.get", 2L, "employees.list", 1L, "standarduserteams.list", 1L, "login", 1L,
                "metadata", 1L, "nav", 1L, "total", 7L), d);
        assertEquals(1L, emu.calls(() -> emu.api().delete(emu.entity("employees", id)), "employees.delete"));
        emu.resetCounters();
        assertEquals(0L, emu.counters().getOrDefault("total", 0L));
    }

    @Test
    void injected500And503AndThrottleBurst() {
        emu.faults(Map.of("errorRate", 1.0));
        assertEquals(500, status());
        emu.faults(Map.of("unavailableRate", 1.0, "retryAfterSeconds", 7));
        emu.api().get(emu.odata("employees")).then().statusCode(503).header("Retry-After", "7");
        emu.faults(Map.of("throttleBurst", 2));
        emu.api().get(emu.odata("employees")).then().statusCode(429).header("Retry-After", "1");
        assertEquals(429, status());
        assertEquals(200, status());
        // Hooks are never faulted.
        emu.faults(Map.of("errorRate", 1.0));
        given().get(EmulatorClient.HOOKS + "/counters").then().statusCode(200);
    }

    @Test
    void timeBasedThrottleAnswers429WithTheSecondsLeftUntilItIsLifted() {
        emu.faults(Map.of("throttleSeconds", 30));
        String retryAfter = emu.api().get(emu.odata("employees")).then().statusCode(429).extract()
                .header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 30, retryAfter);
        assertEquals(429, status());
        emu.faults(Map.of("throttleSeconds", 0));
        assertEquals(200, status());
    }

    @Test
    void lostAnswerStoresTheWriteThenClosesTheConnection() {
        String login = EmulatorClient.uniqueLogin("lost");
        emu.faults(Map.of("lostAnswerRate", 1.0));
        assertEquals(200, status(), "reads keep their answers");
        long lost = emu.calls(() -> assertThrows(Exception.class,
                () -> emu.createEmployee(EmulatorClient.employeeBody(login))), "fault.lost-answer");
        assertEquals(1L, lost);
        emu.clearFaults();
        emu.api().queryParam("$filter", "LoginID eq '" + login + "'").get(emu.odata("employees")).then()
                .statusCode(200).body("value.size()", equalTo(1)).body("value[0].LoginID", equalTo(login));
    }

    @Test
    void droppedConnections() {
        emu.faults(Map.of("dropRate", 1.0));
        long drops = emu.calls(() -> assertThrows(Exception.class, () -> emu.api().get(emu.odata("employees"))),
                "fault.drop");
        // Apache HttpClient (RestAssured) silently retries an idempotent GET whose connection was dropped.
        assertTrue(drops >= 1, "drops " + drops);
    }

    @Test
    void seededFaultsAreReproducible() {
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        emu.faults(Map.of("errorRate", 0.3, "unavailableRate", 0.2, "seed", 7));
        for (int i = 0; i < 20; i++) {
            a.add(status());
        }
        emu.faults(Map.of("errorRate", 0.3, "unavailableRate", 0.2, "seed", 7));
        for (int i = 0; i < 20; i++) {
            b.add(status());
        }
        assertEquals(a, b);
        assertTrue(a.contains(200) && (a.contains(500) || a.contains(503)), a.toString());
    }

    @Test
    void latencyIsInjected() {
        emu.faults(Map.of("latencyMs", 300, "jitterMs", 50));
        long t0 = System.nanoTime();
        assertEquals(200, status());
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 300);
        given().get(EmulatorClient.HOOKS + "/faults").then().body("latencyMs", equalTo(300));
    }

    @Test
    void generatorAddsEmployeesFoundByLoginId() {
        int before = emu.stats().get("employees");
        emu.generate(2000);
        assertEquals(before + 2000, emu.stats().get("employees"));
        String login = emu.api().queryParam("$orderby", "RecId").queryParam("$filter", "LoginID ne '$NULL'")
                .queryParam("$search", "gen").queryParam("$top", 1).get(emu.odata("employees")).then()
                .statusCode(200).extract().path("value[0].LoginID");
        emu.api().queryParam("$filter", "LoginID eq '" + login.toUpperCase() + "'").get(emu.odata("employees"))
                .then().body("'@odata.count'", equalTo(1));
        // Paging with $orderby RecId visits every row exactly once.
        int total = emu.api().queryParam("$top", 1).get(emu.odata("employees")).jsonPath().getInt("'@odata.count'");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int skip = 0; skip < total; skip += 100) {
            seen.addAll(emu.api().queryParam("$top", 100).queryParam("$skip", skip).queryParam("$orderby", "RecId")
                    .queryParam("$select", "RecId").get(emu.odata("employees")).jsonPath().getList("value.RecId"));
        }
        assertEquals(total, seen.size());
    }

    @Test
    void expireSessionsHook() {
        String sid = emu.login();
        emu.expireSessions();
        given().header("Authorization", sid).get(emu.odata("employees")).then().statusCode(401);
    }

    @Test
    void badFaultsBodyIs400() {
        given().contentType(ContentType.JSON).body("{\"errorRate\":\"lots\"}").post(EmulatorClient.HOOKS + "/faults")
                .then().statusCode(400);
    }
}
