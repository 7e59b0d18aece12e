package io.ivantiscim.conformance;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * {@link ConformanceChecks} on the bridge's defaults for group {@code externalId}: no team field configured
 * ({@code bridge.groups.external-id-field} blank), so the bridge's own store keeps it (issue 12 item 6). Plus the
 * checks of issue 12 items 2 (duplicate POST) and 5 (manager resolution).
 */
@QuarkusTest
@TestProfile(ConformanceDefaultsTest.NoGroupExternalIdField.class)
class ConformanceDefaultsTest extends InProcessConformance {

    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** The test profile without a configured team field for group externalId. */
    public static class NoGroupExternalIdField extends ConfigOverrides {

        public NoGroupExternalIdField() {
            super("bridge.groups.external-id-field", "");
        }
    }

    /** Item 2: RFC 7644 §3.3, Okta's SPEC test: the same POST twice → 409 uniqueness, for every resource type. */
    @Test
    void duplicatePostIs409() {
        for (JsonNode type : resourceTypes()) {
            ResourceType rt = new ResourceType(type, schemas());
            String body = rt.minimal(this).toString();
            scim().body(body).post(rt.endpoint()).then().statusCode(201);
            scim().body(body).post(rt.endpoint()).then()
                    .statusCode(409)
                    .body("schemas", hasItem(ERROR))
                    .body("scimType", equalTo("uniqueness"));
        }
    }

    /** Item 6: group externalId round-trips and is found by externalId eq with no team field configured. */
    @Test
    void groupExternalIdIsStoredByDefault() {
        String externalId = UUID.randomUUID().toString();
        String gid = scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"externalId\":\""
                + externalId + "\",\"displayName\":\"" + unique("Ext") + "\"}").post("/Groups").then()
                .statusCode(201).body("externalId", equalTo(externalId)).extract().path("id");
        scim().get("/Groups/" + gid).then().statusCode(200).body("externalId", equalTo(externalId));
        scim().queryParam("filter", "externalId eq \"" + externalId + "\"").get("/Groups").then().statusCode(200)
                .body("totalResults", is(1)).body("Resources[0].id", equalTo(gid));
    }

    /**
     * The stored externalId follows every write: PATCH replace moves it (the old value then finds nothing), it is
     * listed with the page, PUT without it and PATCH remove clear it, and DELETE forgets it.
     */
    @Test
    void groupExternalIdFollowsEveryWrite() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String name = unique("ExtLife");
        String gid = scim().body("{\"schemas\":[\"" + GROUP + "\"],\"externalId\":\"" + first
                + "\",\"displayName\":\"" + name + "\"}").post("/Groups").then().statusCode(201)
                .body("externalId", equalTo(first)).extract().path("id");
        patchGroup(gid, op("replace", "externalId", TextNode.valueOf(second)));
        scim().get("/Groups/" + gid).then().statusCode(200).body("externalId", equalTo(second));
        assertFound(second, gid);
        assertFound(first, null);
        scim().queryParam("filter", "displayName eq \"" + name + "\"").get("/Groups").then().statusCode(200)
                .body("Resources[0].externalId", equalTo(second));

        scim().body("{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"" + name + "\"}").put("/Groups/" + gid)
                .then().statusCode(200).body("externalId", nullValue());
        assertFound(second, null);
        patchGroup(gid, op("add", "externalId", TextNode.valueOf(first)));
        scim().get("/Groups/" + gid).then().statusCode(200).body("externalId", equalTo(first));
        patchGroup(gid, op("remove", "externalId", null));
        scim().get("/Groups/" + gid).then().statusCode(200).body("externalId", nullValue());
        assertFound(first, null);

        patchGroup(gid, op("replace", "externalId", TextNode.valueOf(second)));
        assertFound(second, gid);
        scim().delete("/Groups/" + gid).then().statusCode(204);
        assertFound(second, null);
    }

    private void patchGroup(String id, ObjectNode op) {
        scim().body(patchBody(op).toString()).patch("/Groups/" + id).then().statusCode(anyOf(is(200), is(204)));
    }

    /** {@code externalId eq} finds exactly the group {@code id}, or (null) nothing. */
    private void assertFound(String externalId, String id) {
        Response r = scim().queryParam("filter", "externalId eq \"" + externalId + "\"").get("/Groups");
        r.then().statusCode(200).body("totalResults", is(id == null ? 0 : 1));
        if (id != null) {
            r.then().body("Resources[0].id", equalTo(id)).body("Resources[0].externalId", equalTo(externalId));
        }
    }

    /** Item 5: manager.value resolves by id, userName, employeeNumber; unresolvable → 201 without a manager. */
    @Test
    void managerResolution() {
        String number = "E" + UUID.randomUUID().toString().substring(0, 8);
        String managerLogin = unique("mgr") + "@example.com";
        ObjectNode body = userBody(managerLogin, null);
        body.withArray("schemas").add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        body.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").put("employeeNumber", number);
        JsonNode manager = parse(scim().body(body.toString()).post("/Users").then().statusCode(201).extract()
                .response());
        String managerId = manager.path("id").asText();
        for (String reference : List.of(managerId, managerLogin, number)) {
            JsonNode user = parse(scim().body(userBody(unique("u") + "@example.com", reference).toString())
                    .post("/Users").then().statusCode(201).extract().response());
            JsonNode m = user.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("manager");
            assertEquals(managerId, m.path("value").asText(), "manager.value " + reference);
            assertEquals(manager.path("displayName").asText(), m.path("displayName").asText(),
                    "manager.displayName reads back the manager's name, not its RecId");
        }
        scim().body(userBody(unique("u") + "@example.com", "no-such-manager").toString()).post("/Users").then()
                .statusCode(201)
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.manager", nullValue());
        Scim.idp().get("/Users").then().statusCode(200).body("Resources", not(empty()));
    }

}
