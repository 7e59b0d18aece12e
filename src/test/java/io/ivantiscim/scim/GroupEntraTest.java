package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Microsoft Entra ID group provisioning (docs/idp-contracts.md §3 items 6, 8–10, 16, 18): the displayName look-up with
 * {@code excludedAttributes=members}, create with an empty member list, several members added in one PATCH with
 * {@code $ref:null}, removes in both dialects, 204 answers; users see their groups; deactivation keeps memberships.
 */
@QuarkusTest
class GroupEntraTest {

    private static final String MS_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void entraGroupConversation() {
        List<String> u = GroupTesting.users(emulator, "entra.member", 4);
        String name = GroupTesting.uniqueName("Entra Group");
        String objectId = UUID.randomUUID().toString();

        long lookup = emulator.calls(() -> Scim.idp().queryParam("excludedAttributes", "members")
                .queryParam("filter", "displayName eq \"" + name + "\"").get("/Groups").then()
                .statusCode(200).body("totalResults", is(0)).body("Resources", empty()), "total");
        assertEquals(1, lookup, "Entra's look-up is one Ivanti call");

        String id = Scim.idp().body("{\"schemas\":[\"" + GroupTesting.GROUP + "\",\"" + MS_GROUP + "\"],"
                + "\"externalId\":\"" + objectId + "\",\"displayName\":\"" + name + "\",\"meta\":{\"resourceType\":"
                + "\"Group\"},\"members\":[]}").post("/Groups").then().statusCode(201)
                .body("externalId", equalTo(objectId)).extract().path("id");

        // Several members in one PATCH, title-cased op, $ref null.
        Scim.idp().body(patch("{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\""
                + u.get(0) + "\"},{\"$ref\":null,\"value\":\"" + u.get(1) + "\"},{\"$ref\":null,\"value\":\""
                + u.get(2) + "\"},{\"$ref\":null,\"value\":\"" + u.get(3) + "\"}]}"))
                .patch("/Groups/" + id).then().statusCode(204);
        assertEquals(Set.copyOf(u), GroupTesting.members(id));

        // Remove, 2017 dialect: path members with a value array.
        Scim.idp().body(patch("{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(0)
                + "\"}]}")).patch("/Groups/" + id).then().statusCode(204);
        // Remove, aadOptscim062020 dialect: value filter.
        Scim.idp().body(patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(1) + "\\\"]\"}"))
                .patch("/Groups/" + id).then().statusCode(204);
        assertEquals(Set.of(u.get(2), u.get(3)), GroupTesting.members(id));

        // Look-ups Entra makes: by displayName and by id, without members; externalId eq works too.
        Scim.idp().queryParam("excludedAttributes", "members").queryParam("filter", "displayName eq \"" + name
                + "\"").get("/Groups").then().statusCode(200).body("totalResults", is(1))
                .body("Resources[0].id", equalTo(id)).body("Resources[0].members", nullValue());
        Scim.idp().queryParam("excludedAttributes", "members").get("/Groups/" + id).then().statusCode(200)
                .body("members", nullValue()).body("displayName", equalTo(name));
        Scim.idp().queryParam("filter", "externalId eq \"" + objectId + "\"").get("/Groups").then()
                .statusCode(200).body("totalResults", is(1)).body("Resources[0].id", equalTo(id));

        // The user sees the group, on request only; in a list without a call per user.
        Scim.idp().queryParam("attributes", "groups").get("/Users/" + u.get(2)).then().statusCode(200)
                .body("groups.value", hasItem(id)).body("groups.display", hasItem(name));
        Scim.idp().get("/Users/" + u.get(2)).then().statusCode(200).body("groups", nullValue());
        Scim.idp().queryParam("attributes", "userName,groups").queryParam("filter", "id eq \"" + u.get(3) + "\"")
                .get("/Users").then().statusCode(200).body("Resources[0].groups.value", hasItem(id));

        // A deactivated user stays a member (Entra does not restore memberships on reactivation).
        Scim.idp().body("{\"schemas\":[\"" + GroupTesting.PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\","
                + "\"path\":\"active\",\"value\":\"False\"}]}").patch("/Users/" + u.get(3)).then().statusCode(200)
                .body("active", is(false));
        assertEquals(Set.of(u.get(2), u.get(3)), GroupTesting.members(id));

        // Replace of members.
        Scim.idp().body(patch("{\"op\":\"Replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(0)
                + "\"}]}")).patch("/Groups/" + id).then().statusCode(204);
        assertEquals(Set.of(u.get(0)), GroupTesting.members(id));

        Scim.idp().delete("/Groups/" + id).then().statusCode(204);
        Scim.idp().queryParam("excludedAttributes", "members").queryParam("filter", "displayName eq \"" + name
                + "\"").get("/Groups").then().statusCode(200).body("totalResults", is(0));
        Scim.idp().queryParam("attributes", "groups").get("/Users/" + u.get(0)).then().statusCode(200)
                .body("groups.value", not(hasItem(id)));
    }
}
