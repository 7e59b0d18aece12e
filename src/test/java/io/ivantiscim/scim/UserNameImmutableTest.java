package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** {@code bridge.users.username-mutability=immutable}: a changed userName is 400 mutability, advertised in /Schemas. */
@QuarkusTest
@TestProfile(ImmutableUserNames.class)
class UserNameImmutableTest {

    private final EmulatorClient emulator = new EmulatorClient();

    private static String create(String login) {
        return Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void aPatchOrPutThatRenamesIs400MutabilityAndWritesNothing() {
        String login = EmulatorClient.uniqueLogin("fixed.name") + "@example.test";
        String id = create(login);
        String rename = GroupTesting.patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"other."
                + login + "\"}");
        long writes = emulator.calls(() -> Scim.idp().body(rename).patch("/Users/" + id).then().statusCode(400)
                .body("status", equalTo("400"))
                .body("scimType", equalTo("mutability"))
                .body("detail", containsString("bridge.users.username-mutability=immutable")), "employees.update");
        assertEquals(0, writes);

        Scim.idp().body(IdpBodies.load("okta-create-user.json", "other." + login)).put("/Users/" + id).then()
                .statusCode(400).body("scimType", equalTo("mutability"));

        // Okta's rename arrives as a no-path replace; the same refusal.
        Scim.idp().body(GroupTesting.patch("{\"op\":\"replace\",\"value\":{\"userName\":\"x." + login + "\"}}"))
                .patch("/Users/" + id).then().statusCode(400).body("scimType", equalTo("mutability"));

        Scim.idp().get("/Users/" + id).then().statusCode(200).body("userName", equalTo(login));
    }

    @Test
    void theSameUserNameInAnotherCaseIsNoChange() {
        String login = EmulatorClient.uniqueLogin("fixed.case") + "@example.test";
        String id = create(login);
        Scim.idp().body(IdpBodies.load("okta-create-user.json", login.toUpperCase(Locale.ROOT))
                .replace("\"Ada\"", "\"Augusta\"")).put("/Users/" + id).then().statusCode(200)
                .body("userName", equalTo(login))
                .body("name.givenName", equalTo("Augusta"));
    }

    @Test
    void aBulkRenameIsRefusedTheSameWay() {
        String login = EmulatorClient.uniqueLogin("fixed.bulk") + "@example.test";
        String id = create(login);
        JsonPath response = Scim.idp().body(new BulkTesting().patch("/Users/" + id, "userName", "new." + login)
                .patch("/Users/" + id, "title", "Kept").json()).post("/Bulk").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("400", "200"), response.getList("Operations.status"));
        assertEquals("mutability", response.getString("Operations[0].response.scimType"));
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("userName", equalTo(login))
                .body("title", equalTo("Kept"));
    }

    @Test
    void schemasAdvertiseUserNameAsImmutable() {
        Scim.idp().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").then().statusCode(200)
                .body("attributes.find { it.name == 'userName' }.mutability", equalTo("immutable"))
                .body("attributes.find { it.name == 'title' }.mutability", equalTo("readWrite"));
    }
}
