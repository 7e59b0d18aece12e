package io.ivantiscim.scim;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Microsoft Entra ID's provisioning conversation (docs/idp-contracts.md §3): test connection, create, every attribute of the
 * default mapping updated in both live PATCH dialects (no switch), disable with the string "False", manager as a bare
 * string and removed by value filter, soft delete, DELETE and re-create.
 */
@QuarkusTest
class EntraConversationTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @Test
    void testConnectionWithARandomGuidIsAnEmptyListResponse() {
        Scim.idp().queryParam("filter", "userName eq \"" + UUID.randomUUID() + "\"").get("/Users").then()
                .statusCode(200)
                .body("totalResults", is(0))
                .body("Resources", empty());
        Scim.idp().queryParam("filter", "externalId eq \"" + UUID.randomUUID() + "\"").get("/Users").then()
                .statusCode(200)
                .body("totalResults", is(0));
    }

    @Test
    void wholeLifecycleInBothPatchDialects() {
        String login = EmulatorClient.uniqueLogin("entra.grace") + "@contoso.test";
        String id = Scim.idp().body(IdpBodies.load("entra-create-user.json", login)).post("/Users").then()
                .statusCode(201)
                .body("userName", equalTo(login))
                .body("externalId", equalTo(login + "-nick"))
                .body("name.givenName", equalTo("Grace"))
                .body("active", is(true))
                .extract().path("id");

        // Matching on externalId, as Entra can be configured to.
        Scim.idp().queryParam("filter", "externalId eq \"" + login + "-nick\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(1)).body("Resources[0].id", equalTo(id));

        // Default dialect (AzureAdScimPatch2017): capitalised ops, value paths, capitalised sub-attributes.
        Scim.idp().body(IdpBodies.load("entra-patch-2017.json", login)).patch("/Users/" + id).then()
                .statusCode(200)
                // Ivanti assembles DisplayName from the name parts on save (docs/ivanti-api.md §3); the sent one is not kept.
                .body("displayName", equalTo("Grace Brewster Murray Hopper"))
                .body("title", equalTo("Rear Admiral"))
                .body("emails.find { it.type == 'work' }.value", equalTo("grace.hopper@example.test"))
                .body("name.givenName", equalTo("Grace Brewster"))
                .body("name.familyName", equalTo("Murray Hopper"))
                .body("phoneNumbers.find { it.type == 'work' }.value", equalTo("+1 555 0100"))
                .body("phoneNumbers.find { it.type == 'mobile' }.value", equalTo("+1 555 0101"))
                .body("addresses.find { it.type == 'work' }.streetAddress", equalTo("1 Navy Way"))
                .body("addresses.find { it.type == 'work' }.postalCode", equalTo("20001"))
                .body("externalId", equalTo("ghopper"))
                .body("'" + ENTERPRISE + "'.department", equalTo("Engineering"))
                .body("'" + ENTERPRISE + "'.employeeNumber", equalTo("1906"));

        // Entra's uniqueness filter on the work email value path.
        Scim.idp().queryParam("filter", "emails[type eq \"work\"].value eq \"grace.hopper@example.test\"")
                .get("/Users").then().statusCode(200).body("totalResults", is(1)).body("Resources[0].id", equalTo(id));

        // aadOptscim062020 dialect: lowercase op, one no-path replace with dotted and full-URN keys.
        Scim.idp().body(IdpBodies.load("entra-patch-2020.json", login)).patch("/Users/" + id).then()
                .statusCode(200)
                .body("displayName", equalTo("Grace Hopper"))
                .body("title", equalTo("Commodore"))
                .body("name.givenName", equalTo("Grace"))
                .body("name.familyName", equalTo("Hopper"))
                .body("emails.find { it.type == 'work' }.value", equalTo("grace@example.test"))
                .body("phoneNumbers.find { it.type == 'work' }.value", equalTo("+1 555 0200"))
                .body("phoneNumbers.find { it.type == 'mobile' }.value", equalTo("+1 555 0201"))
                .body("addresses.find { it.type == 'work' }.streetAddress", equalTo("2 Harbor Road"))
                .body("addresses.find { it.type == 'work' }.postalCode", equalTo("20002"))
                .body("externalId", equalTo("ghopper2020"))
                .body("'" + ENTERPRISE + "'.department", equalTo("Finance"))
                .body("'" + ENTERPRISE + "'.employeeNumber", equalTo("2020"));

        // Manager: set as a bare string (Entra), read back with its display name, removed by value filter.
        String managerLogin = EmulatorClient.uniqueLogin("entra.boss") + "@contoso.test";
        String managerId = Scim.idp().body(IdpBodies.load("entra-create-user.json", managerLogin)).post("/Users")
                .then().statusCode(201).extract().path("id");
        Scim.idp().body(patch("Add", ENTERPRISE + ":manager", "\"" + managerId + "\"")).patch("/Users/" + id).then()
                .statusCode(200)
                .body("'" + ENTERPRISE + "'.manager.value", equalTo(managerId))
                .body("'" + ENTERPRISE + "'.manager.displayName", equalTo("Grace Hopper"));
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"Remove\",\"path\":\"" + ENTERPRISE + ":manager[value eq \\\"" + managerId + "\\\"]\"}]}")
                .patch("/Users/" + id).then()
                .statusCode(200)
                .body("'" + ENTERPRISE + "'.manager", org.hamcrest.Matchers.nullValue());
        // A manager the bridge cannot resolve (out of scope, not provisioned yet) is skipped, not refused: a 400
        // would make Entra retry the user for hours (docs/idp-contracts.md §4).
        Scim.idp().body(patch("Add", ENTERPRISE + ":manager", "\"00000000000000000000000000000BAD\""))
                .patch("/Users/" + id).then()
                .statusCode(200)
                .body("'" + ENTERPRISE + "'.manager", org.hamcrest.Matchers.nullValue());

        // Disable with the string "False" (IsSoftDeleted mapping), then enable with "True".
        Scim.idp().body(patch("Replace", "active", "\"False\"")).patch("/Users/" + id).then()
                .statusCode(200).body("active", is(false));
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("active", is(false));
        Scim.idp().body(patch("Replace", "active", "\"True\"")).patch("/Users/" + id).then()
                .statusCode(200).body("active", is(true));

        // DELETE (Entra's hard delete after 30 days) is a soft delete in Ivanti: gone from SCIM.
        Scim.idp().delete("/Users/" + id).then().statusCode(204);
        Scim.idp().get("/Users/" + id).then().statusCode(404).body("status", equalTo("404"));
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(0));
        Scim.idp().delete("/Users/" + id).then().statusCode(404);

        // Re-create with the same userName revives the same Employee record.
        Scim.idp().body(IdpBodies.load("entra-create-user.json", login)).post("/Users").then()
                .statusCode(201)
                .body("id", equalTo(id))
                .body("active", is(true))
                .body("name.givenName", equalTo("Grace"))
                .body("meta.location", notNullValue());
    }

    static String patch(String op, String path, String jsonValue) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
                + "\",\"path\":\"" + path + "\",\"value\":" + jsonValue + "}]}";
    }
}
