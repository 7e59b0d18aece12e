package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The §9 conflict/GUESS switches and the other run-time switches, flipped through the settings hook. */
@QuarkusTest
class EmulatorSwitchesTest {

    final EmulatorClient emu = new EmulatorClient();

    @AfterEach
    void restore() {
        emu.resetSettings();
    }

    @Test
    void unknownCollectionCanAnswerEmpty() {
        emu.settings(Map.of("unknownCollection", "empty"));
        emu.api().get(emu.odata("nonexistents")).then().statusCode(200).body(emptyString());
    }

    @Test
    void countOnlyWhenAskedWhenSwitchedOff() {
        emu.settings(Map.of("countUnasked", false));
        emu.api().queryParam("$top", 1).get(emu.odata("employees")).then().statusCode(200)
                .body("$", not(hasKey("@odata.count")));
        emu.api().queryParam("$top", 1).queryParam("$count", "true").get(emu.odata("employees")).then()
                .body("$", hasKey("@odata.count"));
    }

    @Test
    void parenthesesCanBeRejectedAndPrecedenceMadeLeftToRight() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("prec"));
        String f = "RecId eq '" + id + "' or Status eq 'Nope' and FirstName eq 'Nope'";
        emu.api().queryParam("$filter", f).get(emu.odata("employees")).then().body("value.RecId", contains(id));
        emu.settings(Map.of("filterPrecedence", "left-to-right"));
        emu.api().queryParam("$filter", f).get(emu.odata("employees")).then().statusCode(200).body(emptyString());
        emu.settings(Map.of("filterParentheses", false));
        emu.api().queryParam("$filter", "(RecId eq '" + id + "')").get(emu.odata("employees")).then()
                .statusCode(400);
    }

    @Test
    void topMaxAndMessagesAreConfigurable() {
        emu.settings(Map.of("topMax", 50, "topOverMaxMessages", "records", "topDefault", 7));
        emu.api().get(emu.odata("employees")).then().statusCode(200).body("value.size()", equalTo(7));
        emu.api().queryParam("$top", 51).get(emu.odata("employees")).then().statusCode(400)
                .body("message", contains("You cannot query more than 50 records"));
        emu.settings(Map.of("topOverMaxMessages", "payload"));
        emu.api().queryParam("$top", 51).get(emu.odata("employees")).then().statusCode(400)
                .body("message", contains("Invalid Request Payload"));
    }

    @Test
    void invalidKeyMessageIsConfigurable() {
        emu.settings(Map.of("invalidKeyMessage", "Invalid OData query"));
        emu.api().get(emu.entity("employees", "00000000000000000000000000000000")).then().statusCode(400)
                .body("message", contains("Invalid OData query"));
    }

    @Test
    void unlinkCanAnswer204AndLinkFailuresCanBe200() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("sw.link"));
        String ref = emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam('" + EmulatorClient.IT_TEAM_ID
                + "')/$Ref";
        emu.api().patch(ref).then().statusCode(200);
        emu.settings(Map.of("unlinkStatus", 204, "linkFailuresAs200", true));
        emu.api().delete(ref).then().statusCode(204).body(emptyString());
        emu.api().patch(emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam('NOPE')/$Ref").then()
                .statusCode(200).body("code", equalTo("ISM_4000"));
    }

    @Test
    void deleteOfMissingIdCanFail() {
        emu.settings(Map.of("deleteMissingSucceeds", false, "deleteStatus", 200));
        emu.api().delete(emu.entity("employees", "0123456789ABCDEF0123456789ABCDEF")).then().statusCode(400)
                .body("code", equalTo("ISM_4000"));
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("sw.del"));
        emu.api().delete(emu.entity("employees", id)).then().statusCode(200);
    }

    @Test
    void duplicateLoginIdCanBeAllowed() {
        String login = EmulatorClient.uniqueLogin("sw.dup");
        emu.createEmployeeId(login);
        emu.settings(Map.of("uniqueLoginId", false));
        emu.createEmployeeId(login);
        emu.api().queryParam("$filter", "LoginID eq '" + login + "'").get(emu.odata("employees")).then()
                .body("'@odata.count'", equalTo(2));
    }

    @Test
    void requiredFieldsAndPicklistPolicy() {
        emu.settings(Map.of("requiredFields", List.of("LoginID", "Team")));
        emu.createEmployee(Map.of("LoginID", EmulatorClient.uniqueLogin("sw.req"))).then().statusCode(400)
                .body("message", contains("Required field Employee.Team value must be provided."));
        emu.resetSettings();
        // Default: an unresolved picklist value is accepted and stored as nothing (docs/ivanti-api.md §8.11).
        emu.createEmployee(EmulatorClient.employeeBody(EmulatorClient.uniqueLogin("sw.pick"), "Team", "No Such Team"))
                .then().statusCode(201).body("Team", nullValue());
        emu.settings(Map.of("unresolvedPicklist", "keep"));
        emu.createEmployee(EmulatorClient.employeeBody(EmulatorClient.uniqueLogin("sw.pick"), "Team", "No Such Team"))
                .then().statusCode(201).body("Team", equalTo("No Such Team")).body("Team_Valid", nullValue());
        emu.settings(Map.of("unresolvedPicklist", "reject"));
        emu.createEmployee(EmulatorClient.employeeBody(EmulatorClient.uniqueLogin("sw.pick"), "Team", "No Such Team"))
                .then().statusCode(400);
    }

    @Test
    void relationshipNamesAreConfigurable() {
        emu.settings(Map.of("relEmployeeTeam", "EmployeeTeams"));
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("sw.rel"));
        emu.api().patch(emu.entity("employees", id) + "/EmployeeTeams('" + EmulatorClient.IT_TEAM_ID + "')/$Ref")
                .then().statusCode(200);
        emu.api().get(emu.entity("employees", id) + "/EmployeeTeams").then().body("value[0].Team", equalTo("IT"));
        String xml = emu.api().get(emu.tenant() + "/api/odata/employees/$metadata").asString();
        org.junit.jupiter.api.Assertions.assertTrue(xml.contains("NavigationProperty Name=\"EmployeeTeams\""));
        // Roles too.
        String admin = "0".repeat(0) + EmulatorState.recId("role:Admin");
        emu.api().patch(emu.entity("employees", id) + "/EmployeeAssociatedFrs_def_role('" + admin + "')/$Ref")
                .then().statusCode(200);
        emu.api().get(emu.entity("employees", id) + "/EmployeeAssociatedFrs_def_role").then()
                .body("value[0].Name", equalTo("Admin"));
    }

    @Test
    void relationshipReadsCanIgnorePagingAndTeamLinksCanBeAmbiguous() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("sw.page"));
        String teams = emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam";
        for (String team : List.of(EmulatorClient.IT_TEAM_ID, EmulatorState.recId("team:Service Desk"))) {
            emu.api().patch(teams + "('" + team + "')/$Ref").then().statusCode(200);
        }
        emu.api().queryParam("$top", 1).queryParam("$skip", 1).get(teams).then().body("value.size()", equalTo(1));
        emu.settings(Map.of("relIgnorePaging", true, "relExtraTeamLinks", 2));
        emu.api().queryParam("$top", 1).queryParam("$skip", 1).get(teams).then().body("value.size()", equalTo(2));
        String xml = emu.api().get(emu.tenant() + "/api/odata/employees/$metadata").asString();
        org.junit.jupiter.api.Assertions.assertTrue(xml.contains("<NavigationProperty Name=\"EmployeeOwnedTeam\" "
                + "Type=\"Collection(MetaData.standarduserteam)\"/>") && xml.contains("\"EmployeeOwnedTeam2\""), xml);
    }

    @Test
    void statusValuesAreEnforcedAndServed() {
        emu.settings(Map.of("statusValues", List.of("Active", "Terminated", "New", "On Leave")));
        emu.api().get(emu.odata("employeestatuss")).then().statusCode(200)
                .body("value.Status", org.hamcrest.Matchers.containsInAnyOrder("Active", "Terminated", "New",
                        "On Leave"));
        String xml = emu.api().get(emu.tenant() + "/api/odata/employees/$metadata").asString();
        org.junit.jupiter.api.Assertions.assertTrue(xml.contains("Type=\"MetaData.employeestatus\""), xml);
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("sw.status"));
        // Not in the list: stored as nothing (docs/ivanti-api.md §8.11), and Status is required, so refused.
        emu.api().contentType(ContentType.JSON).body(Map.of("Status", "Inactive")).patch(emu.entity("employees", id))
                .then().statusCode(400)
                .body("message", contains("Required field Employee.Status value must be provided."));
    }

    @Test
    void basePathAtRunTime() {
        emu.settings(Map.of("basePath", "/HEAT"));
        EmulatorClient heat = new EmulatorClient("/HEAT");
        heat.api().queryParam("$top", 1).get(heat.odata("employees")).then().statusCode(200);
        heat.login();
        emu.api().get(emu.odata("employees")).then().statusCode(404).body("code", equalTo("ISM_4004"));
    }

    @Test
    void logoutWhenEnabled() {
        String logout = emu.tenant() + "/api/rest/authentication/logout";
        String sid = emu.login();
        given().header("Authorization", sid).post(logout).then().statusCode(404);
        emu.settings(Map.of("logoutEnabled", true));
        given().header("Authorization", sid).post(logout).then().statusCode(200).body("code", equalTo("ISM_2000"));
        given().header("Authorization", sid).get(emu.odata("employees")).then().statusCode(401);
    }

    @Test
    void sessionCapEvictsOldest() {
        emu.settings(Map.of("maxSessionsPerUser", 1));
        String first = emu.login();
        String second = emu.login();
        given().header("Authorization", first).get(emu.odata("employees")).then().statusCode(401);
        given().header("Authorization", second).queryParam("$top", 1).get(emu.odata("employees")).then()
                .statusCode(200);
    }

    @Test
    void sessionEndsAfterItsMaxCalls() {
        emu.settings(Map.of("sessionMaxCalls", 2));
        String sid = emu.login();
        for (int expected : new int[]{200, 200, 401, 401}) {
            given().header("Authorization", sid).queryParam("$top", 1).get(emu.odata("employees")).then()
                    .statusCode(expected);
        }
    }

    @Test
    void endedLoginsAnswerKeysThatAreAlreadyGone() {
        emu.expireSessions(2);
        try {
            for (int expected : new int[]{401, 401, 200}) {
                given().header("Authorization", emu.login()).queryParam("$top", 1).get(emu.odata("employees"))
                        .then().statusCode(expected).body("code", expected == 401 ? equalTo("ISM_4001") : nullValue());
            }
        } finally {
            emu.expireSessions();
        }
    }

    @Test
    void searchIndexesOnlyTheConfiguredEmployeeFields() {
        String login = EmulatorClient.uniqueLogin("sw.search");
        String word = "Zq" + login.substring(login.lastIndexOf('.') + 1);
        emu.createEmployeeId(login, "FirstName", word, "PrimaryEmail", word + "mail@example.test");
        emu.settings(Map.of("searchFields", List.of("LoginID", "FirstName")));
        emu.api().queryParam("$search", word).get(emu.odata("employees")).then().statusCode(200)
                .body("value.LoginID", contains(login));
        // The same word as an e-mail prefix: PrimaryEmail is not indexed, so nothing matches (empty 200, row 9).
        emu.api().queryParam("$search", word + "mail").get(emu.odata("employees")).then().statusCode(200)
                .body(emptyString());
        emu.settings(Map.of("searchFields", List.of()));
        emu.api().queryParam("$search", word + "mail").get(emu.odata("employees")).then().statusCode(200)
                .body("value.LoginID", contains(login));
    }

    /**
     * The record must be readable before the create answers. Timed from before the create is sent: the emulator holds
     * the answer at least the create latency after the request arrives (a timer never fires early), so a look-up that
     * has come back within that time saw a record written before any answer could have been sent, however slowly a
     * loaded machine ran the create or the look-ups; a client racing its own short read timeout against the store did
     * not prove that, and missed the record when the emulator had not stored it within 300 ms. An emulator that
     * stores the record only when it answers cannot pass: the record does not exist until the latency has passed.
     */
    @Test
    void slowCreateHasWrittenItsRecordBeforeItAnswers() throws Exception {
        long latencyMs = 3000;
        emu.faults(Map.of("createLatencyMinMs", latencyMs, "createLatencyMaxMs", latencyMs));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String login = EmulatorClient.uniqueLogin("sw.slow");
            // The create's answer is waited for with the IdP's patience (docs/idp-contracts.md §2.3), never raced.
            RestAssuredConfig patient = RestAssuredConfig.config()
                    .httpClient(HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 60_000));
            long t0 = System.nanoTime();
            Future<Integer> create = pool.submit(() -> emu.api().config(patient).contentType(ContentType.JSON)
                    .body(EmulatorClient.employeeBody(login)).post(emu.odata("employees")).statusCode());
            boolean seenInTime = false;
            while (!seenInTime && System.nanoTime() - t0 < latencyMs * 1_000_000) {
                String page = emu.api().config(patient).queryParam("$filter", "LoginID eq '" + login + "'")
                        .get(emu.odata("employees")).then().statusCode(200).extract().asString();
                // An empty result is an empty body (docs/ivanti-api.md row 9), not an empty "value".
                seenInTime = !page.isBlank() && JsonPath.from(page).getList("value.LoginID").contains(login)
                        && System.nanoTime() - t0 < latencyMs * 1_000_000;
            }
            assertEquals(201, create.get(60, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 >= latencyMs * 1_000_000, "the create answered before its latency");
            assertTrue(seenInTime, "the record was not readable before the create could answer");
        } finally {
            pool.shutdownNow();
            emu.clearFaults();
        }
    }

    @Test
    void unsetDatesAsNull() {
        emu.settings(Map.of("unsetDatesAsNull", true));
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("sw.null"));
        emu.api().get(emu.entity("employees", id)).then().body("TerminatedDate", nullValue());
    }

    @Test
    void badSettingsAreRejected() {
        given().contentType(ContentType.JSON).body(Map.of("loginMode", "kerberos")).post(EmulatorClient.HOOKS
                + "/settings").then().statusCode(400);
    }
}
