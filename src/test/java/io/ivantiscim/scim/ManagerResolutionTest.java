package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code manager.value} resolved by id, userName, employeeNumber, then externalId (bridge.users.manager-lookup), each
 * step one Ivanti call at most; a value nothing resolves leaves the user without a manager, answered 201/200, with a
 * warning in the audit detail and {@code bridge_manager_unresolved_total} (docs/idp-contracts.md §4).
 */
@QuarkusTest
class ManagerResolutionTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final Pattern UNRESOLVED = Pattern
            .compile("bridge_manager_unresolved_total\\{connection=\"bootstrap\"[^}]*} ([0-9.E]+)");

    private final EmulatorClient emulator = new EmulatorClient();

    /** The manager: a user with an employee number and an externalId, as an HR-fed Okta profile has. */
    private record Manager(String id, String login, String employeeNumber, String externalId) {
    }

    private static Manager manager() {
        String login = EmulatorClient.uniqueLogin("mgr.grace") + "@example.test";
        String employeeNumber = "E" + login.hashCode();
        String externalId = "00u" + Integer.toHexString(login.hashCode());
        String id = Scim.idp().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE),
                "userName", login, "externalId", externalId,
                "name", Map.of("givenName", "Grace", "familyName", "Hopper"),
                "emails", List.of(Map.of("value", login, "type", "work", "primary", true)),
                ENTERPRISE, Map.of("employeeNumber", employeeNumber))).post("/Users").then().statusCode(201)
                .extract().path("id");
        return new Manager(id, login, employeeNumber, externalId);
    }

    /** Okta's create body with {@code manager.value} taken from its profile's managerId. */
    private static Map<String, Object> oktaUser(String login, String managerValue) {
        return Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE),
                "userName", login, "name", Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails", List.of(Map.of("value", login, "type", "work", "primary", true)), "active", true,
                ENTERPRISE, Map.of("manager", Map.of("value", managerValue)));
    }

    @Test
    void eachKeyResolvesInOrderAndReadsBackTheManagersName() {
        Manager m = manager();
        // Reads per POST, counted in the request's own audit row (the emulator's counters also see the start-up
        // check, which runs concurrently on a slow machine): the userName uniqueness read, the lookups, the create.
        // By id: one read.
        assertResolves(m.id(), m, 1);
        // By userName: the id step costs nothing (not a RecId), then one list finds it.
        assertResolves(m.login(), m, 1);
        // By employeeNumber: the userName list misses, the employeeNumber list finds it.
        assertResolves(m.employeeNumber(), m, 2);
        // By externalId: the last key.
        assertResolves(m.externalId(), m, 3);
    }

    private void assertResolves(String managerValue, Manager m, int lookups) {
        String login = EmulatorClient.uniqueLogin("report") + "@example.test";
        String id = Scim.idp().body(oktaUser(login, managerValue)).post("/Users").then().statusCode(201)
                .body("'" + ENTERPRISE + "'.manager.value", equalTo(m.id()))
                .body("'" + ENTERPRISE + "'.manager.displayName", equalTo("Grace Hopper"))
                .extract().path("id");
        Scim.idp().get("/Users/" + id).then().statusCode(200)
                .body("'" + ENTERPRISE + "'.manager.value", equalTo(m.id()))
                .body("'" + ENTERPRISE + "'.manager.displayName", equalTo("Grace Hopper"));
        // One more is tolerated: the count is of HTTP attempts, and on a loaded machine a slow read can be retried
        // (bridge.ivanti.retry.*); a second lookup per key would still exceed it.
        int calls = (Integer) audit(id, "POST").get("ivantiCalls");
        assertTrue(calls >= 1 + lookups + 1 && calls <= 1 + lookups + 2, "manager.value " + managerValue + ": "
                + calls + " Ivanti calls");
    }

    @Test
    void anUnresolvableManagerIsLeftOutWithAWarning() {
        double before = unresolvedCount();
        String login = EmulatorClient.uniqueLogin("orphan") + "@example.test";
        String nobody = "E-nobody-" + login.hashCode();
        String id = Scim.idp().body(oktaUser(login, nobody)).post("/Users").then()
                .statusCode(201)
                .body("'" + ENTERPRISE + "'.manager", nullValue())
                .extract().path("id");
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("'" + ENTERPRISE + "'.manager", nullValue());
        assertEquals(before + 1, unresolvedCount(), "bridge_manager_unresolved_total{connection=\"bootstrap\"}");
        String detail = (String) audit(id, "POST").get("detail");
        assertTrue(detail != null && detail.contains(nobody), "audit detail names the value: " + detail);
        assertEquals(null, audit(id, "GET").get("detail"), "the warning belongs to its request only");
        // The id step costs nothing for a value that is no RecId: uniqueness read, three lookups, the create.
        int calls = (Integer) audit(id, "POST").get("ivantiCalls");
        assertTrue(calls >= 5 && calls <= 6, calls + " Ivanti calls");

        // An update that names an unknown manager clears the one the user had: the IdP no longer says it is them.
        Manager m = manager();
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"replace\",\"path\":\"" + ENTERPRISE + ":manager.value\",\"value\":\"%s\"}]}";
        Scim.idp().body(patch.formatted(m.employeeNumber())).patch("/Users/" + id).then()
                .statusCode(200).body("'" + ENTERPRISE + "'.manager.value", equalTo(m.id()));
        Scim.idp().body(patch.formatted(nobody)).patch("/Users/" + id).then()
                .statusCode(200).body("'" + ENTERPRISE + "'.manager", nullValue());
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("'" + ENTERPRISE + "'.manager", nullValue());
        assertEquals(before + 2, unresolvedCount());
    }

    @Test
    void aSoftDeletedManagerResolvesToNoOne() {
        Manager m = manager();
        Scim.idp().delete("/Users/" + m.id()).then().statusCode(204);
        Scim.idp().body(oktaUser(EmulatorClient.uniqueLogin("late") + "@example.test", m.id())).post("/Users").then()
                .statusCode(201)
                .body("'" + ENTERPRISE + "'.manager", nullValue());
    }

    /** The audit row of the one {@code action} request on {@code id}. */
    private static Map<String, Object> audit(String id, String action) {
        Admin.flush();
        List<Map<String, Object>> rows = Admin.admin().queryParam("resourceId", id).queryParam("kind", "scim")
                .get("/admin/audit").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.action == '" + action + "' }");
        assertEquals(1, rows.size(), action + " rows of " + id);
        return rows.get(0);
    }

    private static double unresolvedCount() {
        String metrics = Admin.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = UNRESOLVED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
