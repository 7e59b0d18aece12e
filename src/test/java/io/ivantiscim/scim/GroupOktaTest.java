package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Okta Push Groups (docs/idp-contracts.md §2 items 19–23): create, add members (no {@code type}), rename with the no-path
 * replace that carries {@code id}, remove with {@code members[value eq …]} in the same PATCH as an add, full PUT,
 * import list, delete.
 */
@QuarkusTest
class GroupOktaTest {

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void pushGroupsConversation() {
        List<String> u = GroupTesting.users(emulator, "okta.push", 4);
        String name = GroupTesting.uniqueName("Okta Push");

        String id = Scim.idp().body("{\"schemas\":[\"" + GroupTesting.GROUP + "\"],\"displayName\":\"" + name
                + "\",\"members\":[]}").post("/Groups").then()
                .statusCode(201)
                .header("Location", startsWith("http"))
                .body("displayName", equalTo(name))
                .body("meta.resourceType", equalTo("Group"))
                .body("members", nullValue())
                .extract().path("id");

        // A second POST with the name in another case is a duplicate.
        Scim.idp().body("{\"schemas\":[\"" + GroupTesting.GROUP + "\"],\"displayName\":\"" + name.toUpperCase()
                + "\",\"members\":[]}").post("/Groups").then().statusCode(409).body("scimType", equalTo("uniqueness"));

        // Okta's membership PATCH: add without type, display only.
        Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(0)
                + "\",\"display\":\"a\"},{\"value\":\"" + u.get(1) + "\",\"display\":\"b\"}]}"))
                .patch("/Groups/" + id).then().statusCode(204);
        assertEquals(Set.of(u.get(0), u.get(1)), GroupTesting.members(id));
        Scim.idp().get("/Groups/" + id).then().statusCode(200)
                .body("members.type", hasItem("User"))
                .body("members.$ref", hasItem(startsWith("http")))
                .body("members.display", hasItem("Test User"));

        // Rename with id in the value (ignored), sent on every membership update, plus remove + add in one PATCH.
        String renamed = name + " renamed";
        Scim.idp().body(patch("{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"displayName\":\"" + renamed
                + "\"}}", "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(0) + "\\\"]\"}",
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(2) + "\"}]}"))
                .patch("/Groups/" + id).then().statusCode(204);
        Scim.idp().get("/Groups/" + id).then().statusCode(200).body("displayName", equalTo(renamed));
        assertEquals(Set.of(u.get(1), u.get(2)), GroupTesting.members(id));

        // 200 with the resource when attributes are asked for.
        Scim.idp().queryParam("attributes", "displayName").body(patch("{\"op\":\"replace\",\"value\":{\"id\":\""
                + id + "\",\"displayName\":\"" + renamed + "\"}}")).patch("/Groups/" + id).then().statusCode(200)
                .body("displayName", equalTo(renamed))
                .body("id", equalTo(id));

        // AIW: full PUT.
        Scim.idp().body("{\"schemas\":[\"" + GroupTesting.GROUP + "\"],\"id\":\"" + id + "\",\"displayName\":\""
                + renamed + "\",\"members\":" + GroupTesting.values(List.of(u.get(2), u.get(3))) + "}")
                .put("/Groups/" + id).then().statusCode(200)
                .body("members.size()", is(2));
        assertEquals(Set.of(u.get(2), u.get(3)), GroupTesting.members(id));

        // Import: GET /Groups?startIndex=1&count=100 finds it; by displayName too, case-insensitively.
        Scim.idp().queryParam("filter", "displayName eq \"" + renamed.toLowerCase() + "\"").get("/Groups").then()
                .statusCode(200).body("totalResults", is(1)).body("Resources[0].id", equalTo(id))
                .body("Resources[0].members.size()", is(2));
        Scim.idp().queryParam("startIndex", 1).queryParam("count", 100).get("/Groups").then().statusCode(200)
                .body("Resources.id", hasItem(id));

        Scim.idp().delete("/Groups/" + id).then().statusCode(204);
        Scim.idp().get("/Groups/" + id).then().statusCode(404);
        // The team is gone from Ivanti, with its links.
        emulator.api().get(emulator.odata("standarduserteams") + "?$filter=RecId eq '" + id + "'").then()
                .statusCode(200).body(equalTo(""));
    }

    @Test
    void badRequestsAreScimErrors() {
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("Okta Bad"));
        Scim.idp().body("{\"schemas\":[\"" + GroupTesting.GROUP + "\"],\"members\":[]}").post("/Groups").then()
                .statusCode(400).body("scimType", equalTo("invalidValue"));
        Scim.idp().body(patch("{\"op\":\"remove\",\"path\":\"displayName\"}")).patch("/Groups/" + id).then()
                .statusCode(400);
        Scim.idp().body(patch("{\"op\":\"replace\",\"path\":\"owner\",\"value\":\"x\"}")).patch("/Groups/" + id)
                .then().statusCode(400).body("scimType", equalTo("invalidPath"));
        Scim.idp().body("{\"Operations\":[]}").patch("/Groups/" + id).then().statusCode(400)
                .body("scimType", equalTo("invalidSyntax"));
        Scim.idp().get("/Groups/NOPE0000").then().statusCode(404);
    }

    @Test
    void pushOfAnEmptyGroupEmptiesIt() {
        List<String> u = GroupTesting.users(emulator, "okta.empty", 2);
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("Okta Empty"));
        Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(u) + "}"))
                .patch("/Groups/" + id).then().statusCode(204);
        assertEquals(Set.copyOf(u), GroupTesting.members(id));
        // Okta pushes a group whose last member left as replace members [] (docs/idp-contracts.md §4).
        String empty = patch("{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}");
        long unlinks = emulator.calls(() -> Scim.idp().body(empty).patch("/Groups/" + id).then().statusCode(204),
                "unlink");
        assertEquals(2, unlinks, "one unlink per member");
        assertEquals(Set.of(), GroupTesting.members(id));
        // Pushed again onto the empty group: nothing to change, no write, still no error.
        assertEquals(0, emulator.calls(() -> Scim.idp().body(empty).patch("/Groups/" + id).then().statusCode(204),
                "unlink"));
        assertEquals(Set.of(), GroupTesting.members(id));
    }
}
