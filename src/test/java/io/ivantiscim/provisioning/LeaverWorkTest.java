package io.ivantiscim.provisioning;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.IdpBodies;
import io.ivantiscim.scim.Scim;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The leaver's work in Ivanti (bridge.leaver.*), black-box: SCIM deactivations and deletes on one side, the
 * emulator's incidents, service requests and journal notes and the admin API's audit trail on the other. Retries wait
 * an hour here, so only {@code POST /admin/leaver/retry} runs them and nothing depends on timing.
 */
@QuarkusTest
@TestProfile(LeaverWorkTest.Profile.class)
class LeaverWorkTest {

    /** The workflow on, a team for leavers without a manager, retries left to the admin API. */
    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.leaver.enabled", "true", "bridge.leaver.reassign.team", "Service Desk",
                    "bridge.leaver.follow-up.team", "IT", "bridge.leaver.retry.initial-delay", "1h");
        }
    }

    private static final String DEACTIVATE = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";

    private final EmulatorClient emulator = new EmulatorClient();

    @AfterEach
    void clearFaults() {
        emulator.clearFaults();
    }

    @Test
    void openTicketsGoToTheTeamWithANoteAndOneFollowUpIsOpened() {
        String login = EmulatorClient.uniqueLogin("leaver.team") + "@example.test";
        String id = createUser(login, null);
        String open = ticket("incidents", login, "Active");
        String waiting = ticket("incidents", login, "Waiting for Customer");
        String closed = ticket("incidents", login, "Closed");
        String request = ticket("servicereqs", login, "Submitted");

        Scim.idp().body(DEACTIVATE).patch("/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        retry(0);

        for (String[] t : List.of(new String[]{"incidents", open}, new String[]{"incidents", waiting},
                new String[]{"servicereqs", request})) {
            JsonPath ticket = record(t[0], t[1]);
            assertEquals("Service Desk", ticket.getString("OwnerTeam"), t[0] + " " + t[1]);
            String owner = ticket.getString("Owner");
            assertTrue(owner == null || owner.isEmpty(), "owner " + owner);
            List<Map<String, Object>> notes = rows("journal__notess", "ParentLink_RecID eq '" + t[1] + "'");
            assertEquals(1, notes.size(), "one note on " + t[1]);
            assertTrue(String.valueOf(notes.get(0).get("NotesBody")).contains(login));
        }
        assertEquals(login, record("incidents", closed).getString("Owner"), "a closed ticket is left alone");
        List<Map<String, Object>> followUps = followUps(id);
        assertEquals(1, followUps.size());
        assertEquals("IT", followUps.get(0).get("OwnerTeam"));
        assertEquals("Employee", followUps.get(0).get("ProfileLink_Category"));
        assertTrue(String.valueOf(followUps.get(0).get("Subject")).contains(login));

        JsonPath audit = audit(id);
        assertEquals("success", audit.getString("[0].outcome"));
        assertTrue(audit.getString("[0].detail").contains("2 incident(s), 1 service request(s)"),
                audit.getString("[0].detail"));
    }

    @Test
    void openTicketsGoToTheManagerWhenTheLeaverHasOne() {
        String managerLogin = EmulatorClient.uniqueLogin("leaver.manager") + "@example.test";
        String managerId = createUser(managerLogin, null);
        String login = EmulatorClient.uniqueLogin("leaver.report") + "@example.test";
        String id = createUser(login, managerId);
        String incident = ticket("incidents", login, "Active");

        Scim.idp().body(DEACTIVATE).patch("/Users/" + id).then().statusCode(200);
        retry(0);

        JsonPath ticket = record("incidents", incident);
        assertEquals(managerLogin, ticket.getString("Owner"));
        assertEquals("Desktop Support", ticket.getString("OwnerTeam"), "the team stays when the manager takes over");
        assertTrue(audit(id).getString("[0].detail").contains("their manager " + managerLogin));
    }

    @Test
    void aRedeliveredDeactivationOrADeleteFindsTheOpenFollowUp() {
        String login = EmulatorClient.uniqueLogin("leaver.again") + "@example.test";
        String id = createUser(login, null);

        Scim.idp().body(DEACTIVATE).patch("/Users/" + id).then().statusCode(200);
        retry(0);
        // The IdP did not get the answer and sends the same deactivation again; later it deletes the user.
        Scim.idp().body(DEACTIVATE).patch("/Users/" + id).then().statusCode(200);
        retry(0);
        Scim.idp().delete("/Users/" + id).then().statusCode(204);
        retry(0);

        assertEquals(1, followUps(id).size(), "one follow-up per leaver");
        JsonPath audit = audit(id);
        assertEquals(3, audit.getList("").size());
        assertTrue(audit.getString("[0].detail").contains("already open"), audit.getString("[0].detail"));
        assertTrue(audit.getString("[1].detail").contains("already open"), audit.getString("[1].detail"));
    }

    @Test
    void aFailingFollowUpDoesNotFailTheDeactivationAndIsRetried() {
        String login = EmulatorClient.uniqueLogin("leaver.retry") + "@example.test";
        String id = createUser(login, null);
        emulator.faults(Map.of("errorRate", 1.0, "kinds", "incidents.create"));

        Scim.idp().body(DEACTIVATE).patch("/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        // The first attempt failed on its own; this second one fails too while Ivanti still refuses.
        retry(1);
        Admin.admin().get("/admin/leaver").then().statusCode(200).body("employeeId", equalTo(List.of(id)));
        JsonPath failed = audit(id);
        assertEquals("failure", failed.getString("[0].outcome"));
        assertTrue(failed.getString("[0].detail").contains(" of 8 failed (Ivanti "),
                failed.getString("[0].detail"));
        assertTrue(followUps(id).isEmpty());

        emulator.clearFaults();
        retry(0);
        assertEquals(1, followUps(id).size());
        assertEquals("success", audit(id).getString("[0].outcome"));
        Admin.admin().get("/admin/leaver").then().statusCode(200).body("size()", equalTo(0));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String createUser(String login, String managerId) {
        String body = IdpBodies.load("okta-create-user.json", login);
        if (managerId != null) {
            body = body.replaceFirst("\\{", "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                    + "{\"manager\":{\"value\":\"" + managerId + "\"}},").replace("\"schemas\": [",
                            "\"schemas\": [\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\", ");
        }
        return Scim.idp().body(body).post("/Users").then().statusCode(201).extract().path("id");
    }

    private String ticket(String set, String owner, String status) {
        return emulator.api().contentType(ContentType.JSON).body(Map.of("Subject", "Printer on fire", "Status", status,
                "Owner", owner, "OwnerTeam", "Desktop Support", "Category", "Hardware")).post(emulator.odata(set))
                .then().statusCode(201).extract().path("RecId");
    }

    private JsonPath record(String set, String id) {
        return emulator.api().get(emulator.entity(set, id)).then().statusCode(200).extract().jsonPath();
    }

    private List<Map<String, Object>> rows(String set, String filter) {
        String body = emulator.api().queryParam("$filter", filter).get(emulator.odata(set)).then().statusCode(200)
                .extract().asString();
        return body.isBlank() ? List.of() : JsonPath.from(body).getList("value");
    }

    private List<Map<String, Object>> followUps(String id) {
        return rows("incidents", "ProfileLink_RecID eq '" + id + "' and Category eq 'Leaver'");
    }

    private static void retry(int stillPending) {
        Admin.admin().post("/admin/leaver/retry").then().statusCode(200).body("pending", equalTo(stillPending));
    }

    private static JsonPath audit(String id) {
        Admin.flush();
        return Admin.admin().queryParam("kind", "leaver").queryParam("resourceId", id).get("/admin/audit").then()
                .statusCode(200).extract().jsonPath();
    }
}
